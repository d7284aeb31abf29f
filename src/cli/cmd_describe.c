/* cmd_describe.c: 'leadscore describe' (not yet built). */
#include <stdio.h>

#include "cli.h"
#include "commands.h"

int cmd_describe(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "leadscore: 'describe' is not built yet\n");
    return LS_EXIT_DATA;
}
