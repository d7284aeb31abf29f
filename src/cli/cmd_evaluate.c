/* cmd_evaluate.c: 'leadscore evaluate' (not yet built). */
#include <stdio.h>

#include "cli.h"
#include "commands.h"

int cmd_evaluate(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "leadscore: 'evaluate' is not built yet\n");
    return LS_EXIT_DATA;
}
