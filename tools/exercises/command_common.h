/* What the commands share: loading the exercises, and settings for checking them. */
#ifndef EXERCISES_COMMAND_COMMON_H
#define EXERCISES_COMMAND_COMMON_H

#include "exercise_check.h"
#include "exercise_defects.h"
#include "exercise_list.h"
#include "options.h"

#include <stdio.h>

struct check_settings command_check_settings(const struct options *options);

/*
 * Loads the exercises for run and list. Returns EXIT_BROKEN_REPOSITORY after
 * reporting on err when the repository is unusable for a learner: no
 * exercises directory, or an exercise without its stub, test or hint.
 */
int command_load_for_learner(const struct options *options, struct exercise_list *list, FILE *err);

/* Prints text with prefix before each line, and a final newline if it lacks one. */
void command_print_lines(FILE *out, const char *prefix, const char *text);

#endif
