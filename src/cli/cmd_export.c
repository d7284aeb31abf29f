/* cmd_export.c: 'leadscore export' (not yet built). */
#include <stdio.h>

#include "cli.h"
#include "commands.h"

int cmd_export(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "leadscore: 'export' is not built yet\n");
    return LS_EXIT_DATA;
}
