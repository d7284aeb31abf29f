/* cmd_score.c: 'leadscore score' (not yet built). */
#include <stdio.h>

#include "cli.h"
#include "commands.h"

int cmd_score(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "leadscore: 'score' is not built yet\n");
    return LS_EXIT_DATA;
}
