/* exercises: runs the learner's exercises in order (see options.c for usage). */
#include "commands.h"
#include "options.h"

#include <stdio.h>

int
main(int argc, char **argv)
{
	struct options options;
	if (options_parse(argc, argv, &options, stderr) != 0)
		return EXIT_BROKEN_REPOSITORY;

	switch (options.command) {
	case COMMAND_RUN:
		return command_run(&options, stdout, stderr);
	case COMMAND_LIST:
		return command_list(&options, stdout, stderr);
	case COMMAND_VERIFY:
		return command_verify(&options, stdout, stderr);
	case COMMAND_HELP:
		options_usage(stdout);
		return EXIT_ALL_GOOD;
	}
	return EXIT_BROKEN_REPOSITORY;
}
