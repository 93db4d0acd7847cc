/* test_trace_matches_diagram.c — the diagrams of chapter 4 tell what the
 * servers really do. echo-server runs with SS_TRACE=1 through the TCP and
 * the UDP flows, and `trace check` compares its calls with the diagram.
 *
 * The diagrams are rooted at BaseServer.serve_forever: the part of a run
 * they draw. A real run also calls init (with server_bind and
 * server_activate) before it, and server_close after it, from main; those
 * calls are outside the diagram, so the check runs with
 * --only-diagram-nodes, which leaves out runtime edges between methods the
 * diagram does not draw (TCPServer.__init__ -> BaseServer.__init__, ...).
 * Every edge the diagram does draw must be seen, so each flow includes a
 * request whose handler fails: handle_error and the shutdown_request after
 * it.
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
                 "chapters/04-tcp-server"

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

	trace_check_start(server, "echo-server", args);
}

static void
echo(int client, const char *message)
{
	char reply[64];
	size_t length = strlen(message);

	assert_int_equal(support_send_all(client, message, length), 0);
	assert_int_equal(support_recv_exact(client, reply, length, SUPPORT_WAIT_MS), 0);
	assert_memory_equal(reply, message, length);
}

static void
tcp_flow_matches_04_tcp_echo(void **state)
{
	(void)state;
	support_process server;
	char trace[300];

	start_traced(&server, "tcp", "127.0.0.1:0");
	int client = support_connect(server.address); /* an ordinary conversation */
	assert_true(client >= 0);
	echo(client, "hello\n");
	close(client);

	client = support_connect(server.address); /* a client that resets: handle_error */
	assert_true(client >= 0);
	echo(client, "about to reset\n");
	support_close_with_reset(client);

	client = support_connect(server.address); /* served after the reset one: it is done */
	assert_true(client >= 0);
	echo(client, "last\n");
	close(client);

	snprintf(trace, sizeof trace, "%s/tcp.trace", trace_check_dir());
	trace_check_stop_and_save(&server, trace);
	trace_check_assert_passes("04-tcp-echo", trace);
}

static void
udp_flow_matches_04_udp_echo(void **state)
{
	(void)state;
	support_process server;
	char udp_trace[300], unix_trace[300], path[300], traces[700], reply[16];
	ss_address to;

	/* UDP: datagrams echoed */
	start_traced(&server, "udp", "127.0.0.1:0");
	assert_int_equal(ss_address_parse(server.address, &to), 0);
	int client = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	assert_true(client >= 0);
	assert_int_equal(connect(client, (struct sockaddr *)&to.storage, to.length), 0);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(send(client, "ping", 4, 0), 4);
		assert_int_equal(support_wait_readable(client, SUPPORT_WAIT_MS), 1);
		assert_int_equal(recv(client, reply, sizeof reply, 0), 4);
	}
	close(client);
	snprintf(udp_trace, sizeof udp_trace, "%s/udp.trace", trace_check_dir());
	trace_check_stop_and_save(&server, udp_trace);

	/* The same UDPServer methods over AF_UNIX, with a sender that has no
	 * address to answer (an unbound Unix datagram socket; Python's
	 * client_address None): the handler's sendto fails, handle_error runs.
	 * A bound sender afterwards proves that request was done. */
	snprintf(path, sizeof path, "%s/dgram.sock", trace_check_dir());
	start_traced(&server, "unix-dgram", path);
	int unbound = support_connect_unix(path, SOCK_DGRAM);
	assert_true(unbound >= 0);
	assert_int_equal(send(unbound, "no return address", 17, 0), 17);
	int bound = support_connect_unix(path, SOCK_DGRAM);
	struct sockaddr_un me = {.sun_family = AF_UNIX};
	char client_path[300];
	snprintf(client_path, sizeof client_path, "%s/client.sock", trace_check_dir());
	assert_true(strlen(client_path) < sizeof me.sun_path);
	memcpy(me.sun_path, client_path, strlen(client_path) + 1);
	assert_int_equal(bind(bound, (struct sockaddr *)&me, sizeof me), 0);
	assert_int_equal(send(bound, "ping", 4, 0), 4);
	assert_int_equal(support_wait_readable(bound, SUPPORT_WAIT_MS), 1);
	assert_int_equal(recv(bound, reply, sizeof reply, 0), 4);
	close(unbound);
	close(bound);
	snprintf(unix_trace, sizeof unix_trace, "%s/unix-dgram.trace", trace_check_dir());
	trace_check_stop_and_save(&server, unix_trace);
	unlink(path);
	unlink(client_path);

	snprintf(traces, sizeof traces, "%s %s", udp_trace, unix_trace);
	trace_check_assert_passes("04-udp-echo", traces);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tcp_flow_matches_04_tcp_echo),
		cmocka_unit_test(udp_flow_matches_04_udp_echo),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
