/* The three commands. Each writes its report to out, problems to err, and
 * returns the exit status. */
#ifndef EXERCISES_COMMANDS_H
#define EXERCISES_COMMANDS_H

#include "options.h"

#include <stdio.h>

enum {
	EXIT_ALL_GOOD = 0,
	EXIT_SOMETHING_FAILS = 1,  /* an exercise to do (run), a check that does not hold (verify) */
	EXIT_BROKEN_REPOSITORY = 2, /* or a wrong command line */
};

int command_run(const struct options *options, FILE *out, FILE *err);
int command_list(const struct options *options, FILE *out, FILE *err);
int command_verify(const struct options *options, FILE *out, FILE *err);

#endif
