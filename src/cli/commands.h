/* commands.h: one function per subcommand, each in its own cmd_<name>.c.
 * Each takes the arguments after the command name (argv[0] is the command)
 * and returns the process exit code. */
#ifndef LEADSCORE_COMMANDS_H
#define LEADSCORE_COMMANDS_H

int cmd_generate(int argc, char **argv);
int cmd_describe(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_score(int argc, char **argv);
int cmd_evaluate(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_drift(int argc, char **argv);
int cmd_diff(int argc, char **argv);

#endif
