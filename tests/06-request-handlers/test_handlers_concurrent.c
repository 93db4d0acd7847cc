/* test_handlers_concurrent.c — StreamRequestHandler and
 * DatagramRequestHandler under chapter 5's threading and forking servers
 * (TCP, UDP, Unix stream, Unix datagram), and CPython's
 * test_threading_not_handled: a handler's SS_SYSTEM_EXIT under
 * ThreadingTCPServer ends that thread only — no handle_error, the request
 * shut down, the server serving on.
 *
 *
 * The forking servers fork this very process, so every child holds copies
 * of the test's client sockets: a client ends with hang_up (shutdown, then
 * close), or a child holding a copy would keep its connection open. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "handlers_test.h"
#include "mixins.h"

/* ---- handlers (the upper-casing ones are in handlers_test.h) -------------- */

/* "exit\n" asks for SystemExit, anything else is upper-cased. */
static int
exit_or_upper_handle(ss_handler *self)
{
	ss_stream_handler *h = ss_stream_handler_of(self);
	char line[64];
	ssize_t length = ss_rfile_readline(&h->rfile, line, sizeof line);

	if (length > 0 && strcmp(line, "exit\n") == 0) {
		ss_set_error("SystemExit in a handler thread");
		return SS_SYSTEM_EXIT;
	}
	if (length > 0)
		to_upper(line, (size_t)length);
	return length > 0 && ss_wfile_write(&h->wfile, line, (size_t)length) == -1 ? -1 : 0;
}

static const ss_handler_class exit_or_upper = {
	.name = "ExitOrUpper", .base = &ss_stream_request_handler, .handle = exit_or_upper_handle};

/* ---- a threading server that counts handle_error ---------------------------- */

static atomic_int errors_handled;

static void
counting_handle_error(ss_server *self, ss_request *request, const ss_address *client_address)
{
	(void)self, (void)request, (void)client_address;
	atomic_fetch_add(&errors_handled, 1);
}

static const ss_server_class counting_threading_tcp = {
	.name = "CountingThreadingTCPServer",
	.base = &ss_threading_tcp_server,
	.handle_error = counting_handle_error,
};

/* ---- serving on a thread -------------------------------------------------------- */

static int
setup(void **state)
{
	(void)state;
	atomic_store(&errors_handled, 0);
	return handlers_test_begin();
}

typedef struct serving {
	ss_server *server;
	pthread_t thread;
	int status;
} serving;

static void *
serve(void *argument)
{
	serving *s = argument;
	s->status = ss_serve_forever(s->server, 0.05);
	return NULL;
}

static void
start_serving(serving *s, const ss_server_class *cls, const char *address,
              const ss_handler_class *handler)
{
	s->server = new_server(cls, address, handler);
	pthread_create(&s->thread, NULL, serve, s);
}

static void
stop_serving(serving *s)
{
	ss_shutdown(s->server); /* waits for serve_forever to end */
	pthread_join(s->thread, NULL);
	assert_int_equal(s->status, 0);
	ss_server_free(s->server); /* server_close joins the threads / reaps the children */
}

/* The end of a conversation, even while a forked child holds a copy of fd. */
static void
hang_up(int fd)
{
	shutdown(fd, SHUT_WR);
	close(fd);
}

/* Two clients at once: the second is answered while the first still holds
 * its connection — the requests are handled concurrently. */
static void
two_clients_at_once(const ss_server_class *cls, const char *address)
{
	serving s;

	start_serving(&s, cls, address, &upper_stream);
	int first = stream_client(s.server);
	assert_int_equal(support_send_all(first, "first\n", 6), 0);
	expect_bytes(first, "FIRST\n"); /* its handler is running and stays in readline */
	int second = stream_client(s.server);
	assert_int_equal(support_send_all(second, "second\n", 7), 0);
	expect_bytes(second, "SECOND\n"); /* while the first is still connected */
	hang_up(second);
	assert_int_equal(support_send_all(first, "done\n", 5), 0);
	expect_bytes(first, "DONE\n");
	hang_up(first);
	stop_serving(&s);
}

static void
stream_handler_under_threading_and_forking_servers(void **state)
{
	(void)state;
	two_clients_at_once(&ss_threading_tcp_server, "127.0.0.1:0");
	two_clients_at_once(&ss_threading_tcp_server, "[::1]:0");
	two_clients_at_once(&ss_forking_tcp_server, "127.0.0.1:0");
	two_clients_at_once(&ss_threading_unix_stream_server, "unix");
	two_clients_at_once(&ss_forking_unix_stream_server, "unix");
}

static void
one_datagram(const ss_server_class *cls, const char *address)
{
	serving s;
	char reply[32];

	start_serving(&s, cls, address, &upper_datagram);
	int client = datagram_client(s.server, true);
	assert_int_equal(send(client, "x\ny", 3, 0), 3);
	assert_int_equal(support_wait_readable(client, SUPPORT_WAIT_MS), 1);
	assert_int_equal(recv(client, reply, sizeof reply, 0), 3);
	assert_memory_equal(reply, "X\nY", 3);
	close(client);
	stop_serving(&s);
}

static void
datagram_handler_under_threading_and_forking_servers(void **state)
{
	(void)state;
	one_datagram(&ss_threading_udp_server, "127.0.0.1:0");
	one_datagram(&ss_forking_udp_server, "127.0.0.1:0");
	one_datagram(&ss_threading_unix_datagram_server, "unix");
	one_datagram(&ss_forking_unix_datagram_server, "unix");
}

/* CPython's test_threading_not_handled. */
static void
a_system_exit_in_a_handler_thread_ends_that_thread_only(void **state)
{
	serving s;

	(void)state;
	start_serving(&s, &counting_threading_tcp, "127.0.0.1:0", &exit_or_upper);
	int quitter = stream_client(s.server);
	assert_int_equal(support_send_all(quitter, "exit\n", 5), 0);
	assert_true(support_peer_closed(quitter, SUPPORT_WAIT_MS)); /* shut down all the same */
	hang_up(quitter);
	int next = stream_client(s.server); /* and the server still serves */
	assert_int_equal(support_send_all(next, "still here\n", 11), 0);
	expect_bytes(next, "STILL HERE\n");
	hang_up(next);
	stop_serving(&s);
	assert_int_equal(atomic_load(&errors_handled), 0); /* SystemExit: no handle_error */
}

/* A forked child's SystemExit: the child exits 1, the server goes on. */
static void
a_system_exit_in_a_forked_child_ends_that_child_only(void **state)
{
	serving s;

	(void)state;
	start_serving(&s, &ss_forking_tcp_server, "127.0.0.1:0", &exit_or_upper);
	int quitter = stream_client(s.server);
	assert_int_equal(support_send_all(quitter, "exit\n", 5), 0);
	assert_true(support_peer_closed(quitter, SUPPORT_WAIT_MS));
	hang_up(quitter);
	int next = stream_client(s.server);
	assert_int_equal(support_send_all(next, "on\n", 3), 0);
	expect_bytes(next, "ON\n");
	hang_up(next);
	stop_serving(&s);
}

/* Under threads, an idle client no longer holds anyone up: the polite one is
 * answered at once, and the idle one times out on its own thread. */
static const ss_stream_handler_attributes quick_timeout = {
	.rbufsize = -1, .wbufsize = 0, .timeout = 0.3, .disable_nagle_algorithm = false,
	.max_line = SS_DEFAULT_MAX_LINE};
static const ss_handler_class impatient = {
	.name = "Impatient", .base = &ss_stream_request_handler, .attributes = &quick_timeout,
	.handle = upper_stream_handle};

static void
an_idle_client_holds_up_no_one_under_threads(void **state)
{
	serving s;

	(void)state;
	start_serving(&s, &counting_threading_tcp, "127.0.0.1:0", &impatient);
	int idle = stream_client(s.server);
	int polite = stream_client(s.server);
	assert_int_equal(support_send_all(polite, "hi\n", 3), 0);
	expect_bytes(polite, "HI\n"); /* at once, while the idle one still holds its thread */
	hang_up(polite); /* done: its handler sees the end, not a timeout */
	assert_true(support_peer_closed(idle, SUPPORT_WAIT_MS)); /* the idle one's timeout */
	hang_up(idle);
	stop_serving(&s);
	assert_int_equal(atomic_load(&errors_handled), 1); /* the timeout reached handle_error */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(stream_handler_under_threading_and_forking_servers),
		T(datagram_handler_under_threading_and_forking_servers),
		T(a_system_exit_in_a_handler_thread_ends_that_thread_only),
		T(a_system_exit_in_a_forked_child_ends_that_child_only),
		T(an_idle_client_holds_up_no_one_under_threads),
#undef T
	};

	support_watchdog(120);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
