/* test_trace_matches_diagram.c — the diagrams of chapter 5 tell what the
 * threading and forking servers really do. The chapter's `serve` program
 * runs with SS_TRACE=1 as ThreadingTCPServer, ForkingTCPServer,
 * ThreadingUDPServer and ForkingUDPServer (and their Unix datagram twins,
 * for a failing request), and `trace check` compares the calls of every
 * thread and child with the diagram: the `~>` edge from process_request to
 * process_request_thread (or the child) included.
 *
 * As in chapter 4, the diagrams are generated here from the current sources
 * into a temporary directory and checked with --only-diagram-nodes.
 *
 * One edge of each diagram is taken only when a request cannot be handed
 * on: BaseServer._handle_request_noblock -> handle_error (and the
 * shutdown_request after it) happens under a mix-in only when the thread or
 * the child cannot be started. That path is recorded in this process: a
 * server of the same class runs here with pthread_create or fork made to
 * fail (--wrap), its trace caught from stderr, and checked together with
 * the program's trace. */
/*@wrap pthread_create fork */
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

#include <fcntl.h>
#include <pthread.h>

#include "mixins.h"
#include "net.h"
#include "support.h"
#include "trace_check.h"

#define CHAPTERS "chapters/01-accept-loop chapters/02-select chapters/03-base-server " \
                 "chapters/04-tcp-server chapters/05-mixins"

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
	const char *args[] = {"--server", kind, "--listen", address, NULL};

	trace_check_start(server, "serve", args);
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

/* ---- the request that cannot be handed on, in this process ---- */

static bool fail_starts; /* pthread_create and fork fail with EAGAIN */

int __real_pthread_create(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
pid_t __real_fork(void);

int
__wrap_pthread_create(pthread_t *thread, const pthread_attr_t *attributes,
                      void *(*body)(void *), void *argument)
{
	if (fail_starts)
		return EAGAIN;
	return __real_pthread_create(thread, attributes, body, argument);
}

pid_t
__wrap_fork(void)
{
	if (fail_starts) {
		errno = EAGAIN;
		return -1;
	}
	return __real_fork();
}

static int
never_handle(ss_handler *self)
{
	SS_TRACE("EchoHandler", "handle");
	(void)self;
	return -1; /* never reached: no thread or child starts */
}

static const ss_handler_class never_handler = {
	.name = "EchoHandler",
	.base = &ss_base_request_handler,
	.handle = never_handle,
};

/* One request to a server of class cls whose thread or child cannot start,
 * handled by handle_request with the trace written to path. */
static void
record_a_failed_start(const ss_server_class *cls, bool datagram, const char *path)
{
	int trace = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	int saved_stderr = dup(STDERR_FILENO);
	assert_true(trace >= 0 && saved_stderr >= 0);
	fflush(stderr);
	dup2(trace, STDERR_FILENO); /* from here to the end: the trace */
	close(trace);

	ss_server *server = ss_server_new(cls, "127.0.0.1:0", &never_handler, NULL);
	ss_address to;
	bool made = server != NULL && ss_address_parse(server->server_address, &to) == 0;
	int client = socket(AF_INET, (datagram ? SOCK_DGRAM : SOCK_STREAM) | SOCK_CLOEXEC, 0);
	bool sent = made && client >= 0 &&
	            connect(client, (struct sockaddr *)&to.storage, to.length) == 0 &&
	            (!datagram || send(client, "ping", 4, 0) == 4);
	int handled = -1;
	if (sent) {
		fail_starts = true;
		handled = ss_handle_request(server); /* handle_error reports the failure */
		fail_starts = false;
	}
	/* a stream request was shut down: the client sees the connection end */
	bool closed = datagram || (sent && support_peer_closed(client, SUPPORT_WAIT_MS));
	if (client >= 0)
		close(client);
	if (server != NULL)
		ss_server_free(server);
	fflush(stderr);
	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);

	if (!sent)
		fail_msg("could not make a %s and send it a request", cls->name);
	if (handled != 0)
		fail_msg("handle_request of a request that cannot be handed on returned %d", handled);
	if (!closed)
		fail_msg("%s: the request whose thread or child did not start was not shut down",
		         cls->name);
}

static void
tcp_flow(const char *server_class, const ss_server_class *cls, const char *diagram)
{
	support_process server;
	char trace[300], failed[300], traces[700];

	start_traced(&server, server_class, "127.0.0.1:0");
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
	snprintf(failed, sizeof failed, "%s/failed-start.trace", trace_check_dir());
	record_a_failed_start(cls, false, failed);
	snprintf(traces, sizeof traces, "%s %s", trace, failed);
	trace_check_assert_passes(diagram, traces);
}

static void
udp_flow(const char *server_class, const ss_server_class *cls, const char *unix_class,
         const char *diagram)
{
	support_process server;
	char udp_trace[300], unix_trace[300], failed[300], path[300], traces[1000], reply[16];
	ss_address to;

	/* UDP: datagrams echoed */
	start_traced(&server, server_class, "127.0.0.1:0");
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
	start_traced(&server, unix_class, path);
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

	snprintf(failed, sizeof failed, "%s/failed-start.trace", trace_check_dir());
	record_a_failed_start(cls, true, failed);
	snprintf(traces, sizeof traces, "%s %s %s", udp_trace, unix_trace, failed);
	trace_check_assert_passes(diagram, traces);
}

static void
threading_tcp_matches_05_threading_tcp(void **state)
{
	(void)state;
	tcp_flow("ThreadingTCPServer", &ss_threading_tcp_server, "05-threading-tcp");
}

static void
forking_tcp_matches_05_forking_tcp(void **state)
{
	(void)state;
	tcp_flow("ForkingTCPServer", &ss_forking_tcp_server, "05-forking-tcp");
}

static void
threading_udp_matches_05_threading_udp(void **state)
{
	(void)state;
	udp_flow("ThreadingUDPServer", &ss_threading_udp_server, "ThreadingUnixDatagramServer",
	         "05-threading-udp");
}

static void
forking_udp_matches_05_forking_udp(void **state)
{
	(void)state;
	udp_flow("ForkingUDPServer", &ss_forking_udp_server, "ForkingUnixDatagramServer",
	         "05-forking-udp");
}

int
main(void)
{
	/* The in-process servers trace too: SS_TRACE is read once, at the first
	 * trace point, so read it now, before start_traced unsets it. */
	setenv("SS_TRACE", "1", 1);
	assert_true(ss_trace_enabled());
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(threading_tcp_matches_05_threading_tcp),
		cmocka_unit_test(forking_tcp_matches_05_forking_tcp),
		cmocka_unit_test(threading_udp_matches_05_threading_udp),
		cmocka_unit_test(forking_udp_matches_05_forking_udp),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
