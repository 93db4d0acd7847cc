/* The command line: exercises [run|list|verify] [--root DIR] [--build-dir DIR] [--timeout S] */
#ifndef EXERCISES_OPTIONS_H
#define EXERCISES_OPTIONS_H

#include <stdio.h>

enum command_name { COMMAND_RUN, COMMAND_LIST, COMMAND_VERIFY, COMMAND_HELP };

struct options {
	enum command_name command;
	const char *root;       /* "." */
	const char *build_dir;  /* "build/normal" */
	double timeout_seconds; /* 60 */
};

/* Returns 0, or -1 after writing what is wrong and the usage to err. */
int options_parse(int argc, char **argv, struct options *options, FILE *err);

void options_usage(FILE *out);

#endif
