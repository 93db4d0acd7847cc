#include "cli.h"

#include <stdbool.h>
#include <string.h>

#include "check.h"
#include "generate.h"
#include "render.h"

static const char usage[] =
	"usage: diagram generate --out DIR CHAPTER_DIR...\n"
	"       diagram check --diagrams DIR CHAPTER_DIR...\n"
	"       diagram render [--force] DOTFILE...\n"
	"\n"
	"  generate  write DIR/NAME.dot for every @diagram and @classes of the chapters\n"
	"  check     fail when a .dot in DIR is stale, missing or orphan, or an .svg\n"
	"            is missing or was rendered from another version of its .dot\n"
	"  render    x.dot -> x.svg with graphviz, stamped with the .dot's hash\n"
	"            (an .svg already stamped with it is kept unless --force)\n";

static int
usage_error(FILE *err, const char *message)
{
	fprintf(err, "diagram: %s\n%s", message, usage);
	return EXIT_USAGE;
}

/* COMMAND --option DIR CHAPTER_DIR... */
static int
run_with_dir(int argc, char **argv, const char *option, FILE *out, FILE *err,
             int (*command)(const char *, const char *const *, size_t, FILE *, FILE *))
{
	if (argc < 5 || strcmp(argv[2], option) != 0)
		return usage_error(err, "expected an option DIR and at least one CHAPTER_DIR");
	return command(argv[3], (const char *const *)argv + 4, (size_t)(argc - 4), out, err);
}

int
diagram_cli(int argc, char **argv, FILE *out, FILE *err)
{
	if (argc < 2)
		return usage_error(err, "which command?");
	const char *command = argv[1];
	if (strcmp(command, "--help") == 0 || strcmp(command, "help") == 0) {
		fputs(usage, out);
		return EXIT_FRESH;
	}
	if (strcmp(command, "generate") == 0)
		return run_with_dir(argc, argv, "--out", out, err, command_generate);
	if (strcmp(command, "check") == 0)
		return run_with_dir(argc, argv, "--diagrams", out, err, command_check);
	if (strcmp(command, "render") == 0) {
		bool force = argc > 2 && strcmp(argv[2], "--force") == 0;
		int first = force ? 3 : 2;
		if (argc <= first)
			return usage_error(err, "render needs at least one DOTFILE");
		return command_render((const char *const *)argv + first, (size_t)(argc - first), force, out, err);
	}
	return usage_error(err, "unknown command");
}
