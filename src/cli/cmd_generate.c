/* cmd_generate.c: 'leadscore generate' (not yet built). */
#include <stdio.h>

#include "cli.h"
#include "commands.h"

int cmd_generate(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "leadscore: 'generate' is not built yet\n");
    return LS_EXIT_DATA;
}
