/* test_trace_matches_diagram.c — the diagrams of chapter 6 tell what the
 * handlers really do: upper-lines runs with SS_TRACE=1 over TCP
 * (StreamRequestHandler) and UDP (DatagramRequestHandler), and `trace check`
 * compares its calls with 06-stream-handler and 06-datagram-handler:
 * finish_request -> BaseRequestHandler.__init__ -> setup, handle, finish.
 * rfile's and wfile's functions are plain functions, untraced: they are
 * drawn (by the diagram tool, from the code) but never in a trace.
 *
 * The diagrams are rooted at BaseServer.finish_request, so the check runs
 * with --only-diagram-nodes (the rest of serve_forever is chapter 4's).
 *
 * The diagrams are generated here, from the annotations of the current
 * sources, into a temporary directory (as chapter 3's test does): the check
 * is against the code as it is, not against the last `make diagrams`. The
 * tools run from the normal build (make build/normal/tools/trace
 * build/normal/tools/diagram), from the repository root; without them the
 * tests are skipped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "net.h"
#include "support.h"

#define TRACE_TOOL "tools/trace"
#define DIAGRAM_TOOL "tools/diagram"
#define CHAPTERS "chapters/01-accept-loop chapters/02-select chapters/03-base-server " \
                 "chapters/04-tcp-server chapters/06-request-handlers"

static char work[256];
static bool have_diagrams;

static int
setup(void **state)
{
	(void)state;
	support_watchdog(60);
	snprintf(work, sizeof work, "%s", support_temp_dir());
	if (access(TRACE_TOOL, X_OK) == 0 && access(DIAGRAM_TOOL, X_OK) == 0) {
		char command[1024];
		snprintf(command, sizeof command, "%s generate --out %s %s >%s/generate.out 2>&1",
		         DIAGRAM_TOOL, work, CHAPTERS, work);
		fflush(NULL);
		have_diagrams = system(command) == 0;
		if (!have_diagrams)
			fprintf(stderr, "diagram generate failed\n");
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	support_remove_temp_dir(work);
	return 0;
}

static void
print_file(const char *name)
{
	char path[300], line[512];

	snprintf(path, sizeof path, "%s/%s", work, name);
	FILE *in = fopen(path, "r");
	while (in != NULL && fgets(line, sizeof line, in) != NULL)
		print_message("%s", line);
	if (in != NULL)
		fclose(in);
}

/* The tools are built and the diagrams were generated, or fail: a check
 * that quietly skips could pass without checking anything. (make test-ch06
 * builds the tools first.) */
static void
require_diagrams(void)
{
	if (access(TRACE_TOOL, X_OK) != 0 || access(DIAGRAM_TOOL, X_OK) != 0)
		fail_msg("the tools are not built: make build/normal/tools/trace "
		         "build/normal/tools/diagram");
	if (!have_diagrams) {
		print_file("generate.out");
		fail_msg("diagram generate failed");
	}
}

static void
start_traced(support_process *server, const char *kind, const char *address)
{
	const char *args[] = {"--kind", kind, "--listen", address, NULL};

	setenv("SS_TRACE", "1", 1);
	assert_int_equal(support_start(server, "upper-lines", args, true), 0);
	unsetenv("SS_TRACE");
}

/* Stop the server and keep what it wrote on stderr, the trace, in path. */
static void
stop_and_save_trace(support_process *server, const char *path)
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

/* trace check DIAGRAM TRACES..., the diagram generated in setup. */
static void
assert_check_passes(const char *diagram, const char *traces)
{
	char command[1200];

	snprintf(command, sizeof command,
	         "%s check --only-diagram-nodes %s/%s.dot %s >%s/check.out 2>&1", TRACE_TOOL,
	         work, diagram, traces, work);
	fflush(NULL);
	int status = system(command);
	if (status != 0)
		print_file("check.out");
	assert_int_equal(status, 0);
}

static void
stream_flow_matches_06_stream_handler(void **state)
{
	(void)state;
	support_process server;
	char trace[300], reply[32];

	require_diagrams();
	start_traced(&server, "tcp", "127.0.0.1:0");
	for (int i = 0; i < 2; i++) {
		int client = support_connect(server.address);
		assert_true(client >= 0);
		assert_int_equal(support_send_all(client, "one\ntwo\n", 8), 0);
		assert_int_equal(support_recv_exact(client, reply, 8, SUPPORT_WAIT_MS), 0);
		assert_memory_equal(reply, "ONE\nTWO\n", 8);
		close(client);
	}
	snprintf(trace, sizeof trace, "%s/tcp.trace", work);
	stop_and_save_trace(&server, trace);
	assert_check_passes("06-stream-handler", trace);
}

static void
datagram_flow_matches_06_datagram_handler(void **state)
{
	(void)state;
	support_process server;
	char trace[300], reply[16];
	ss_address to;

	require_diagrams();
	start_traced(&server, "udp", "127.0.0.1:0");
	assert_int_equal(ss_address_parse(server.address, &to), 0);
	int client = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	assert_true(client >= 0);
	assert_int_equal(connect(client, (struct sockaddr *)&to.storage, to.length), 0);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(send(client, "a\nb", 3, 0), 3);
		assert_int_equal(support_wait_readable(client, SUPPORT_WAIT_MS), 1);
		assert_int_equal(recv(client, reply, sizeof reply, 0), 3);
		assert_memory_equal(reply, "A\nB", 3);
	}
	close(client);
	snprintf(trace, sizeof trace, "%s/udp.trace", work);
	stop_and_save_trace(&server, trace);
	assert_check_passes("06-datagram-handler", trace);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stream_flow_matches_06_stream_handler),
		cmocka_unit_test(datagram_flow_matches_06_datagram_handler),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
