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
 * is against the code as it is, not against the last `make diagrams`
 * (tests/support/trace_check.h). */
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
#include "trace_check.h"

#define CHAPTERS "chapters/01-accept-loop chapters/02-select chapters/03-base-server " \
                 "chapters/04-tcp-server chapters/06-request-handlers"

static int
setup(void **state)
{
	(void)state;
	return trace_check_setup(CHAPTERS);
}

static int
teardown(void **state)
{
	(void)state;
	return trace_check_teardown();
}

static void
start_traced(support_process *server, const char *kind, const char *address)
{
	const char *args[] = {"--kind", kind, "--listen", address, NULL};

	trace_check_start(server, "upper-lines", args);
}

static void
stream_flow_matches_06_stream_handler(void **state)
{
	(void)state;
	support_process server;
	char trace[300], reply[32];

	start_traced(&server, "tcp", "127.0.0.1:0");
	for (int i = 0; i < 2; i++) {
		int client = support_connect(server.address);
		assert_true(client >= 0);
		assert_int_equal(support_send_all(client, "one\ntwo\n", 8), 0);
		assert_int_equal(support_recv_exact(client, reply, 8, SUPPORT_WAIT_MS), 0);
		assert_memory_equal(reply, "ONE\nTWO\n", 8);
		close(client);
	}
	snprintf(trace, sizeof trace, "%s/tcp.trace", trace_check_dir());
	trace_check_stop_and_save(&server, trace);
	trace_check_assert_passes("06-stream-handler", trace);
}

static void
datagram_flow_matches_06_datagram_handler(void **state)
{
	(void)state;
	support_process server;
	char trace[300], reply[16];
	ss_address to;

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
	snprintf(trace, sizeof trace, "%s/udp.trace", trace_check_dir());
	trace_check_stop_and_save(&server, trace);
	trace_check_assert_passes("06-datagram-handler", trace);
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
