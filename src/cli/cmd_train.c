/* cmd_train.c: 'leadscore train' (not yet built). */
#include <stdio.h>

#include "cli.h"
#include "commands.h"

int cmd_train(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "leadscore: 'train' is not built yet\n");
    return LS_EXIT_DATA;
}
