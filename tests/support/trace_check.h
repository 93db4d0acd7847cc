/* trace_check.h — what every program-level trace-versus-diagram test does
 * (chapters 4 to 6): generate the diagrams from the current sources into a
 * temporary directory, run a chapter's program with SS_TRACE=1, keep what it
 * writes on stderr, and have `tools/trace check --only-diagram-nodes` compare
 * the two. Include after <cmocka.h> and "support.h"; tests run from the
 * repository root, where the tools are.
 *
 *     static int setup(void **state) { (void)state; return trace_check_setup(CHAPTERS); }
 *     static int teardown(void **state) { (void)state; return trace_check_teardown(); }
 *     ...
 *     trace_check_start(&server, "echo-server", args);
 *     ... drive it ...
 *     trace_check_stop_and_save(&server, path);       (path: under trace_check_dir())
 *     trace_check_assert_passes("04-tcp-echo", path);  (several paths: space-separated)
 */
#ifndef SS_TEST_TRACE_CHECK_H
#define SS_TEST_TRACE_CHECK_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define TRACE_TOOL "tools/trace"
#define DIAGRAM_TOOL "tools/diagram"

static char trace_check_work[256];
static bool trace_check_have_diagrams;

/* The temporary directory the diagrams and traces go in. */
static inline const char *
trace_check_dir(void)
{
	return trace_check_work;
}

/* Make the directory and generate the diagrams of chapters (directories,
 * space-separated) into it. A failure is reported by the test that needs
 * the diagrams, with the tool's own words. */
static inline int
trace_check_setup(const char *chapters)
{
	char command[1024];

	support_watchdog(60);
	snprintf(trace_check_work, sizeof trace_check_work, "%s", support_temp_dir());
	snprintf(command, sizeof command, "%s generate --out %s %s >%s/generate.out 2>&1",
	         DIAGRAM_TOOL, trace_check_work, chapters, trace_check_work);
	fflush(NULL);
	trace_check_have_diagrams = system(command) == 0;
	return 0;
}

static inline int
trace_check_teardown(void)
{
	support_remove_temp_dir(trace_check_work);
	return 0;
}

/* Print one of the directory's files (a tool's output) into the test's. */
static inline void
trace_check_print_file(const char *name)
{
	char path[300], line[512];

	snprintf(path, sizeof path, "%s/%s", trace_check_work, name);
	FILE *in = fopen(path, "r");
	while (in != NULL && fgets(line, sizeof line, in) != NULL)
		print_message("%s", line);
	if (in != NULL)
		fclose(in);
}

/* Start SS_BIN_DIR/program with args and SS_TRACE=1; wait for "listening on". */
static inline void
trace_check_start(support_process *server, const char *program, const char *const args[])
{
	setenv("SS_TRACE", "1", 1);
	assert_int_equal(support_start(server, program, args, true), 0);
	unsetenv("SS_TRACE");
}

/* Stop the server with SIGTERM and keep what it wrote on stderr, the trace,
 * in path. */
static inline void
trace_check_stop_and_save(support_process *server, const char *path)
{
	char line[512];
	FILE *out = fopen(path, "w");

	assert_non_null(out);
	assert_int_equal(kill(server->pid, SIGTERM), 0);
	while (support_read_line(server->stderr_fd, line, sizeof line, SUPPORT_WAIT_MS) >= 0)
		fprintf(out, "%s\n", line);
	fclose(out);
	assert_int_equal(support_stop(server, 0), 0);
}

/* tools/trace check DIAGRAM TRACES... against the diagram generated in
 * setup: fails, printing the check's findings, when they disagree. A
 * diagram that could not be generated fails too: a check that quietly
 * skipped could pass without checking anything. */
static inline void
trace_check_assert_passes(const char *diagram, const char *traces)
{
	char command[1200];

	if (!trace_check_have_diagrams) {
		trace_check_print_file("generate.out");
		fail_msg("%s generate failed (run the tests from the repository root)", DIAGRAM_TOOL);
	}
	snprintf(command, sizeof command,
	         "%s check --only-diagram-nodes %s/%s.dot %s >%s/check.out 2>&1", TRACE_TOOL,
	         trace_check_work, diagram, traces, trace_check_work);
	fflush(NULL);
	int status = system(command);
	if (status != 0)
		trace_check_print_file("check.out");
	assert_int_equal(status, 0);
}

#endif
