/* cmd_train_rules.h: learning the points of a rule set, reached as
 * 'leadscore train --from-rules RULES ...' and 'leadscore rules learn RULES
 * ...'. command names the caller in messages ("train" or "rules learn");
 * argv[0] is the command word, as for every cmd_*(). */
#ifndef LEADSCORE_CMD_TRAIN_RULES_H
#define LEADSCORE_CMD_TRAIN_RULES_H

int cmd_train_rules(int argc, char **argv, const char *command);

#endif
