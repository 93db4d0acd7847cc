#include "options.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void
options_usage(FILE *out)
{
	fputs("usage: exercises [run|list|verify] [--root DIR] [--build-dir DIR] [--timeout S]\n"
	      "  run     (the default) the exercises in order, up to the first that fails\n"
	      "  list    every exercise and whether it is done\n"
	      "  verify  the repository's check: every solution passes, every stub fails\n"
	      "  --root DIR       the repository (default: .)\n"
	      "  --build-dir DIR  where make builds, relative to the root (default: build/normal)\n"
	      "  --timeout S      seconds a test may run before it is stopped (default: 60)\n",
	      out);
}

static int
usage_error(FILE *err, const char *what, const char *argument)
{
	fprintf(err, "exercises: %s: %s\n", what, argument);
	options_usage(err);
	return -1;
}

/* "--name VALUE" or "--name=VALUE": the value, advancing *index past it; NULL if not this option. */
static const char *
option_value(int argc, char **argv, int *index, const char *name, int *missing)
{
	const char *argument = argv[*index];
	size_t length = strlen(name);
	if (strncmp(argument, name, length) != 0)
		return NULL;
	if (argument[length] == '=')
		return argument + length + 1;
	if (argument[length] != '\0')
		return NULL;
	if (*index + 1 >= argc) {
		*missing = 1;
		return NULL;
	}
	return argv[++*index];
}

static int
parse_timeout(const char *text, double *seconds)
{
	char *end;
	double value = strtod(text, &end);
	if (end == text || *end != '\0' || !isfinite(value) || value <= 0)
		return -1;
	*seconds = value;
	return 0;
}

int
options_parse(int argc, char **argv, struct options *options, FILE *err)
{
	*options = (struct options){
		.command = COMMAND_RUN,
		.root = ".",
		.build_dir = "build/normal",
		.timeout_seconds = 60,
	};
	int commands_seen = 0;
	int wants_help = 0;
	for (int i = 1; i < argc; i++) {
		const char *argument = argv[i];
		const char *value;
		int missing = 0;
		if ((value = option_value(argc, argv, &i, "--root", &missing)) != NULL) {
			options->root = value;
		} else if ((value = option_value(argc, argv, &i, "--build-dir", &missing)) != NULL) {
			options->build_dir = value;
		} else if ((value = option_value(argc, argv, &i, "--timeout", &missing)) != NULL) {
			if (parse_timeout(value, &options->timeout_seconds) != 0)
				return usage_error(err, "--timeout needs a number of seconds above 0", value);
		} else if (missing) {
			return usage_error(err, "missing the value of", argument);
		} else if (strcmp(argument, "--help") == 0 || strcmp(argument, "-h") == 0) {
			wants_help = 1;
		} else if (argument[0] == '-') {
			return usage_error(err, "unknown option", argument);
		} else if (commands_seen++ > 0) {
			return usage_error(err, "one command only, got another", argument);
		} else if (strcmp(argument, "run") == 0) {
			options->command = COMMAND_RUN;
		} else if (strcmp(argument, "list") == 0) {
			options->command = COMMAND_LIST;
		} else if (strcmp(argument, "verify") == 0) {
			options->command = COMMAND_VERIFY;
		} else {
			return usage_error(err, "unknown command", argument);
		}
	}
	if (wants_help)
		options->command = COMMAND_HELP;
	if (options->root[0] == '\0' || options->build_dir[0] == '\0')
		return usage_error(err, "an empty directory name", "--root or --build-dir");
	return 0;
}
