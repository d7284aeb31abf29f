/* cmd_inspect.c: 'leadscore inspect' (not yet built). */
#include <stdio.h>

#include "cli.h"
#include "commands.h"

int cmd_inspect(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "leadscore: 'inspect' is not built yet\n");
    return LS_EXIT_DATA;
}
