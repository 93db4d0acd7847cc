#include "cli.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "render.h"

static const char usage[] =
	"usage: trace render [FILE...]\n"
	"       trace check [--only-diagram-nodes] DOTFILE TRACEFILE...\n"
	"\n"
	"  render  the ss-trace lines (SS_TRACE=1 output; stdin without FILE) as\n"
	"          indented call trees, one per process and thread\n"
	"  check   fail when a traced call is not an edge of the diagram, or a\n"
	"          diagram edge between methods never happened\n";

static int
usage_error(FILE *err, const char *message)
{
	fprintf(err, "trace: %s\n%s", message, usage);
	return EXIT_USAGE;
}

static int
render(int count, char **paths, FILE *in, FILE *out, FILE *err)
{
	struct arena arena;
	struct trace_log log = {0};
	int status = 0;

	arena_init(&arena);
	if (count == 0)
		trace_log_read(&arena, &log, in, "-");
	for (int i = 0; i < count; i++) {
		bool from_stdin = strcmp(paths[i], "-") == 0;
		FILE *input = from_stdin ? in : fopen(paths[i], "r");
		if (input == NULL) {
			fprintf(err, "trace render: cannot read %s: %s\n", paths[i], strerror(errno));
			status = 1;
			continue;
		}
		trace_log_read(&arena, &log, input, paths[i]);
		if (!from_stdin)
			fclose(input);
	}
	render_trace_log(&log, count > 1, out);
	arena_release(&arena);
	return status;
}

int
trace_cli(int argc, char **argv, FILE *in, FILE *out, FILE *err)
{
	if (argc < 2)
		return usage_error(err, "which command?");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
		fputs(usage, out);
		return EXIT_AGREE;
	}
	if (strcmp(argv[1], "render") == 0)
		return render(argc - 2, argv + 2, in, out, err);
	if (strcmp(argv[1], "check") != 0)
		return usage_error(err, "unknown command");

	/* the option may stand anywhere: the files are the other arguments, in order */
	bool only_diagram_nodes = false;
	const char **files = malloc((size_t)argc * sizeof *files);
	int count = 0, status;
	if (files == NULL) {
		fprintf(err, "trace: out of memory\n");
		return EXIT_DISAGREE;
	}
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--only-diagram-nodes") == 0)
			only_diagram_nodes = true;
		else
			files[count++] = argv[i];
	}
	if (count < 2)
		status = usage_error(err, "check needs a DOTFILE and at least one TRACEFILE");
	else
		status = command_check(files[0], files + 1, (size_t)(count - 1), only_diagram_nodes, out, err);
	free(files);
	return status;
}
