/* test_handlers.c — StreamRequestHandler and DatagramRequestHandler under
 * the synchronous servers of chapter 4: TCP over IPv4 and IPv6, UDP over
 * both, Unix stream and Unix datagram (in a temp dir). The lifecycle order;
 * SS_SYSTEM_EXIT (Python's SystemExit) ending serve_forever without
 * handle_error; an idle client's timeout reaching handle_error while the
 * server goes on; TCP_NODELAY, and no failure on AF_UNIX; the datagram
 * handler's reply, empty when nothing was written; an unbound Unix datagram
 * client; a flush failure after a handle failure; and CPython's test_write:
 * a 16 MiB reply with signals arriving all along, no byte lost. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "handlers_test.h"

/* ---- servers that count handle_error --------------------------------------- */

static int errors_handled;
static int error_errno;
static char error_message[512];

static void
counting_handle_error(ss_server *self, ss_request *request, const ss_address *client_address)
{
	(void)self, (void)request, (void)client_address;
	error_errno = errno;
	errors_handled++;
	snprintf(error_message, sizeof error_message, "%s", ss_error());
}

#define COUNTING(var, pyname, base_class)                                                          \
	static const ss_server_class var = {                                                       \
		.name = pyname, .base = &base_class, .handle_error = counting_handle_error}
COUNTING(counting_tcp, "CountingTCPServer", ss_tcp_server);
COUNTING(counting_udp, "CountingUDPServer", ss_udp_server);
COUNTING(counting_unix_stream, "CountingUnixStreamServer", ss_unix_stream_server);
COUNTING(counting_unix_datagram, "CountingUnixDatagramServer", ss_unix_datagram_server);

/* ---- fixtures (and the handlers, in handlers_test.h) ------------------------------- */

static int
setup(void **state)
{
	(void)state;
	errors_handled = 0;
	error_errno = 0;
	error_message[0] = '\0';
	return handlers_test_begin();
}

/* ---- every server class --------------------------------------------------------- */

static void
stream_handler_upper_cases_lines_over(const ss_server_class *cls, const char *address)
{
	ss_server *server = new_server(cls, address, &upper_stream);
	int client = stream_client(server);

	assert_int_equal(support_send_all(client, "hello\nworld\npartial", 19), 0);
	shutdown(client, SHUT_WR);
	assert_int_equal(ss_handle_request(server), 0);
	expect_bytes(client, "HELLO\nWORLD\nPARTIAL");
	assert_true(support_peer_closed(client, SUPPORT_WAIT_MS)); /* the server closed it */
	if (errors_handled != 0)
		fail_msg("%s: handle_error was called: %s", cls->name, error_message);
	close(client);
	ss_server_free(server);
}

static void
stream_handler_over_tcp_ipv4_ipv6_and_unix(void **state)
{
	(void)state;
	stream_handler_upper_cases_lines_over(&counting_tcp, "127.0.0.1:0");
	stream_handler_upper_cases_lines_over(&counting_tcp, "[::1]:0");
	stream_handler_upper_cases_lines_over(&counting_unix_stream, "unix");
}

static void
datagram_handler_upper_cases_lines_over(const ss_server_class *cls, const char *address)
{
	ss_server *server = new_server(cls, address, &upper_datagram);
	int client = datagram_client(server, true);
	char reply[64];

	assert_int_equal(send(client, "ab\ncd", 5, 0), 5);
	assert_int_equal(ss_handle_request(server), 0);
	assert_int_equal(support_wait_readable(client, SUPPORT_WAIT_MS), 1);
	ssize_t length = recv(client, reply, sizeof reply, 0);
	assert_int_equal(length, 5); /* one datagram: both lines */
	assert_memory_equal(reply, "AB\nCD", 5);
	if (errors_handled != 0)
		fail_msg("%s: handle_error was called: %s", cls->name, error_message);
	close(client);
	ss_server_free(server);
}

static void
datagram_handler_over_udp_ipv4_ipv6_and_unix(void **state)
{
	(void)state;
	datagram_handler_upper_cases_lines_over(&counting_udp, "127.0.0.1:0");
	datagram_handler_upper_cases_lines_over(&counting_udp, "[::1]:0");
	datagram_handler_upper_cases_lines_over(&counting_unix_datagram, "unix");
}

/* ---- the lifecycle ----------------------------------------------------------------- */

static char lifecycle[512];

static void
note(const char *what)
{
	strncat(lifecycle, what, sizeof lifecycle - strlen(lifecycle) - 1);
	strncat(lifecycle, " ", sizeof lifecycle - strlen(lifecycle) - 1);
}

static int
logging_setup(ss_handler *self)
{
	ss_stream_handler *h = ss_stream_handler_of(self);
	note("setup");
	int status = ss_stream_request_handler.setup(self); /* super().setup() */
	note(h->rfile.buffer != NULL && !h->wfile.closed ? "files-open" : "no-files");
	return status;
}

static int
logging_handle(ss_handler *self)
{
	ss_stream_handler *h = ss_stream_handler_of(self);
	char line[64];
	note("handle");
	if (h->connection != self->request->fd)
		note("bad-connection");
	ssize_t length = ss_rfile_readline(&h->rfile, line, sizeof line);
	if (length > 0 && strcmp(line, "fail\n") == 0) {
		ss_set_error("asked to fail");
		return -1;
	}
	return 0;
}

static int
logging_finish(ss_handler *self)
{
	ss_stream_handler *h = ss_stream_handler_of(self);
	note("finish");
	int status = ss_stream_request_handler.finish(self); /* super().finish() */
	note(h->rfile.buffer == NULL && h->wfile.closed ? "files-closed" : "files-left-open");
	return status;
}

static const ss_handler_class logging_handler = {
	.name = "LoggingHandler",
	.base = &ss_stream_request_handler,
	.setup = logging_setup,
	.handle = logging_handle,
	.finish = logging_finish,
};

static void
setup_handle_finish_in_order_and_finish_after_a_failure(void **state)
{
	(void)state;
	ss_server *server = new_server(&counting_tcp, "127.0.0.1:0", &logging_handler);

	for (int round = 0; round < 2; round++) {
		int client = stream_client(server);
		const char *line = round == 0 ? "fine\n" : "fail\n";
		lifecycle[0] = '\0';
		assert_int_equal(support_send_all(client, line, 5), 0);
		assert_int_equal(ss_handle_request(server), 0);
		assert_string_equal(lifecycle, "setup files-open handle finish files-closed ");
		assert_true(support_peer_closed(client, SUPPORT_WAIT_MS));
		close(client);
	}
	assert_int_equal(errors_handled, 1); /* the failing handle, after its finish */
	assert_string_equal(error_message, "asked to fail");
	ss_server_free(server);
}

/* A subclass's setup that fails after StreamRequestHandler's own setup has
 * opened rfile and wfile (request_handlers.h): as in Python, neither handle
 * nor finish runs, so the subclass closes the two files itself; the failure
 * reaches handle_error, the request is shut down, and the next client is
 * served. Under ASan, a subclass that forgot to close them would leak. */
static int
refusing_setup(ss_handler *self)
{
	ss_stream_handler *h = ss_stream_handler_of(self);
	note("setup");
	if (ss_stream_request_handler.setup(self) == -1) /* super().setup() */
		return -1;
	char line[64];
	if (ss_rfile_readline(&h->rfile, line, sizeof line) > 0 && strcmp(line, "refuse\n") == 0) {
		ss_wfile_close(&h->wfile); /* no finish will close them */
		ss_rfile_close(&h->rfile);
		ss_set_error("the greeting was refused");
		return -1;
	}
	return 0;
}

static const ss_handler_class refusing_handler = {
	.name = "RefusingHandler",
	.base = &ss_stream_request_handler,
	.setup = refusing_setup,
	.handle = logging_handle,
	.finish = logging_finish,
};

static void
a_subclass_setup_failing_after_the_base_closes_the_files_itself(void **state)
{
	(void)state;
	ss_server *server = new_server(&counting_tcp, "127.0.0.1:0", &refusing_handler);
	int refused = stream_client(server);
	int welcome = stream_client(server);

	lifecycle[0] = '\0';
	assert_int_equal(support_send_all(refused, "refuse\n", 7), 0);
	assert_int_equal(ss_handle_request(server), 0);
	assert_string_equal(lifecycle, "setup "); /* no handle, no finish */
	assert_int_equal(errors_handled, 1);
	assert_string_equal(error_message, "the greeting was refused");
	assert_true(support_peer_closed(refused, SUPPORT_WAIT_MS)); /* shut down all the same */

	lifecycle[0] = '\0';
	assert_int_equal(support_send_all(welcome, "hello\nfine\n", 11), 0);
	assert_int_equal(ss_handle_request(server), 0);
	assert_string_equal(lifecycle, "setup handle finish files-closed ");
	assert_int_equal(errors_handled, 1);
	close(refused);
	close(welcome);
	ss_server_free(server);
}

/* ---- SS_SYSTEM_EXIT ------------------------------------------------------------------ */

static int
exit_handle(ss_handler *self)
{
	ss_stream_handler *h = ss_stream_handler_of(self);
	ss_wfile_write(&h->wfile, "bye\n", 4);
	ss_set_error("the handler asked the server to exit");
	return SS_SYSTEM_EXIT;
}

static const ss_handler_class exit_handler = {
	.name = "ExitHandler", .base = &ss_stream_request_handler, .handle = exit_handle};

/* CPython's test_sync_not_handled: SystemExit skips handle_error, the
 * request is still shut down, and serve_forever ends with it. */
static void
a_system_exit_ends_serve_forever_without_handle_error(void **state)
{
	(void)state;
	ss_server *server = new_server(&counting_tcp, "127.0.0.1:0", &exit_handler);
	int client = stream_client(server);

	errno = 0;
	assert_int_equal(ss_serve_forever(server, 0.05), SS_SYSTEM_EXIT);
	assert_int_equal(errno, ECANCELED);
	assert_string_equal(ss_error(), "the handler asked the server to exit");
	assert_int_equal(errors_handled, 0);
	expect_bytes(client, "bye\n"); /* finish ran */
	assert_true(support_peer_closed(client, SUPPORT_WAIT_MS)); /* shut down */
	close(client);
	ss_server_free(server);
}

/* ---- timeout ---------------------------------------------------------------------- */

static const ss_stream_handler_attributes quick_timeout = {
	.rbufsize = -1, .wbufsize = 0, .timeout = 0.2, .disable_nagle_algorithm = false,
	.max_line = SS_DEFAULT_MAX_LINE};
static const ss_handler_class impatient = {
	.name = "Impatient", .base = &ss_stream_request_handler, .attributes = &quick_timeout,
	.handle = upper_stream_handle};

static void
an_idle_client_times_out_into_handle_error_and_the_server_goes_on(void **state)
{
	(void)state;
	ss_server *server = new_server(&counting_tcp, "127.0.0.1:0", &impatient);
	int idle = stream_client(server);
	int polite = stream_client(server);

	assert_int_equal(support_send_all(polite, "hi\n", 3), 0);
	shutdown(polite, SHUT_WR);
	assert_int_equal(ss_handle_request(server), 0); /* the idle one: 0.2 s, then handle_error */
	assert_int_equal(errors_handled, 1);
	assert_int_equal(error_errno, ETIMEDOUT);
	assert_non_null(strstr(error_message, "timed out"));
	assert_true(support_peer_closed(idle, SUPPORT_WAIT_MS));
	assert_int_equal(ss_handle_request(server), 0); /* and the next client is served */
	expect_bytes(polite, "HI\n");
	assert_int_equal(errors_handled, 1);
	close(idle);
	close(polite);
	ss_server_free(server);
}

/* ---- disable_nagle_algorithm ------------------------------------------------------------ */

static int nodelay_seen;

static int
nodelay_handle(ss_handler *self)
{
	socklen_t length = sizeof nodelay_seen;
	nodelay_seen = -1;
	if (getsockopt(ss_stream_handler_of(self)->connection, IPPROTO_TCP, TCP_NODELAY, &nodelay_seen,
	               &length) == -1)
		nodelay_seen = -2; /* not a TCP socket */
	return upper_stream_handle(self);
}

static const ss_stream_handler_attributes no_nagle = {
	.rbufsize = -1, .wbufsize = 0, .timeout = SS_NO_TIMEOUT, .disable_nagle_algorithm = true,
	.max_line = SS_DEFAULT_MAX_LINE};
static const ss_handler_class nagle_off = {
	.name = "NagleOff", .base = &ss_stream_request_handler, .attributes = &no_nagle,
	.handle = nodelay_handle};

/* TCP: TCP_NODELAY set. AF_UNIX: nothing to disable, and (unlike Python,
 * whose setup fails with EOPNOTSUPP) the request is served. */
static void
disable_nagle_sets_tcp_nodelay_and_is_harmless_on_unix(void **state)
{
	(void)state;
	ss_server *server = new_server(&counting_tcp, "127.0.0.1:0", &nagle_off);
	int client = stream_client(server);
	assert_int_equal(support_send_all(client, "x\n", 2), 0);
	shutdown(client, SHUT_WR);
	assert_int_equal(ss_handle_request(server), 0);
	if (nodelay_seen <= 0)
		fail_msg("disable_nagle_algorithm on TCP must set TCP_NODELAY; getsockopt gave %d", nodelay_seen);
	close(client);
	ss_server_free(server);

	server = new_server(&counting_unix_stream, "unix", &nagle_off);
	client = stream_client(server);
	assert_int_equal(support_send_all(client, "y\n", 2), 0);
	shutdown(client, SHUT_WR);
	assert_int_equal(ss_handle_request(server), 0);
	expect_bytes(client, "Y\n");
	assert_int_equal(errors_handled, 0);
	close(client);
	ss_server_free(server);
}

/* ---- the datagram handler's reply ---------------------------------------------------- */

/* DatagramRequestHandler itself: handle does nothing, and finish still
 * sends — an empty datagram, as Python's. */
static void
a_datagram_handler_that_writes_nothing_sends_an_empty_reply(void **state)
{
	(void)state;
	ss_server *server = new_server(&counting_udp, "127.0.0.1:0", &ss_datagram_request_handler);
	int client = datagram_client(server, true);
	char reply[16];

	assert_int_equal(send(client, "ping", 4, 0), 4);
	assert_int_equal(ss_handle_request(server), 0);
	assert_int_equal(support_wait_readable(client, SUPPORT_WAIT_MS), 1);
	assert_int_equal(recv(client, reply, sizeof reply, 0), 0); /* a 0-byte datagram */
	close(client);
	ss_server_free(server);
}

/* An unbound Unix datagram client has no address to answer: handle_error,
 * no crash, and the next client is answered. */
static void
an_unbound_unix_datagram_client_gets_handle_error(void **state)
{
	(void)state;
	ss_server *server = new_server(&counting_unix_datagram, "unix", &upper_datagram);
	int anonymous = datagram_client(server, false);
	int named = datagram_client(server, true);
	char reply[16];

	assert_int_equal(send(anonymous, "who?\n", 5, 0), 5);
	assert_int_equal(ss_handle_request(server), 0);
	assert_int_equal(errors_handled, 1);
	assert_int_equal(error_errno, EDESTADDRREQ);
	assert_non_null(strstr(error_message, "no address"));
	assert_int_equal(send(named, "me\n", 3, 0), 3);
	assert_int_equal(ss_handle_request(server), 0);
	assert_int_equal(support_wait_readable(named, SUPPORT_WAIT_MS), 1);
	assert_int_equal(recv(named, reply, sizeof reply, 0), 3);
	assert_memory_equal(reply, "ME\n", 3);
	close(anonymous);
	close(named);
	ss_server_free(server);
}

/* ---- a flush failure after a handle failure ----------------------------------------------- */

static int
broken_handle(ss_handler *self)
{
	ss_stream_handler *h = ss_stream_handler_of(self);
	ss_wfile_write(&h->wfile, "kept in the buffer", 18);
	shutdown(h->connection, SHUT_WR); /* so finish's flush fails: EPIPE */
	ss_set_error("handle broke");
	return -1;
}

static const ss_stream_handler_attributes buffered = {
	.rbufsize = -1, .wbufsize = 64, .timeout = SS_NO_TIMEOUT, .disable_nagle_algorithm = false,
	.max_line = SS_DEFAULT_MAX_LINE};
static const ss_handler_class broken = {
	.name = "Broken", .base = &ss_stream_request_handler, .attributes = &buffered,
	.handle = broken_handle};

static void
a_flush_failure_does_not_hide_handles_failure(void **state)
{
	(void)state;
	ss_server *server = new_server(&counting_tcp, "127.0.0.1:0", &broken);
	int client = stream_client(server);

	assert_int_equal(ss_handle_request(server), 0);
	assert_int_equal(errors_handled, 1);
	if (strncmp(error_message, "handle broke; then, in finish: cannot send", 42) != 0)
		fail_msg("handle_error must name handle's failure first, then finish's; it said \"%s\"",
		         error_message);
	close(client);
	ss_server_free(server);
}

/* ---- CPython's test_write: 16 MiB, signals all along ---------------------------------------- */

#define BIG (16u << 20)

static atomic_int signals_caught;
static atomic_bool writing;

static void
on_sigusr1(int signal_number)
{
	(void)signal_number;
	atomic_fetch_add(&signals_caught, 1);
}

static char
pattern(size_t i)
{
	return (char)('a' + (i * 7 + i / 4096) % 26);
}

static int
big_handle(ss_handler *self)
{
	ss_stream_handler *h = ss_stream_handler_of(self);
	char *data = malloc(BIG);
	if (data == NULL)
		return -1;
	for (size_t i = 0; i < BIG; i++)
		data[i] = pattern(i);
	ssize_t written = ss_wfile_write(&h->wfile, data, BIG); /* one write: all or an error */
	free(data);
	return written == (ssize_t)BIG ? 0 : -1;
}

static const ss_handler_class big_writer = {
	.name = "BigWriter", .base = &ss_stream_request_handler, .handle = big_handle};

static void *
serve_one(void *argument)
{
	ss_server *server = argument;
	atomic_store(&writing, true);
	intptr_t status = ss_handle_request(server);
	atomic_store(&writing, false);
	return (void *)status;
}

static void *
signaller(void *argument)
{
	pthread_t target = *(pthread_t *)argument;
	struct timespec pause = {.tv_sec = 0, .tv_nsec = 200 * 1000}; /* pacing only */

	while (!atomic_load(&writing))
		nanosleep(&pause, NULL);
	while (atomic_load(&writing)) {
		pthread_kill(target, SIGUSR1);
		nanosleep(&pause, NULL);
	}
	return NULL;
}

static void
a_16_mib_reply_survives_signals_without_losing_a_byte(void **state)
{
	struct sigaction action = {.sa_handler = on_sigusr1}; /* no SA_RESTART: calls see EINTR */
	pthread_t server_thread, signal_thread;
	static char chunk[65536];
	void *status;

	(void)state;
	sigemptyset(&action.sa_mask);
	sigaction(SIGUSR1, &action, NULL);
	atomic_store(&signals_caught, 0);
	ss_server *server = new_server(&counting_tcp, "127.0.0.1:0", &big_writer);
	int client = stream_client(server);
	pthread_create(&server_thread, NULL, serve_one, server);
	pthread_create(&signal_thread, NULL, signaller, &server_thread);

	size_t received = 0;
	bool same = true;
	while (received < BIG) {
		struct timespec pause = {.tv_sec = 0, .tv_nsec = 100 * 1000}; /* a slow reader: the writer must wait */
		nanosleep(&pause, NULL);
		assert_int_equal(support_wait_readable(client, SUPPORT_WAIT_MS), 1);
		ssize_t n = recv(client, chunk, sizeof chunk, 0);
		if (n <= 0)
			break;
		for (ssize_t i = 0; i < n && same; i++)
			same = chunk[i] == pattern(received + (size_t)i);
		received += (size_t)n;
	}
	pthread_join(server_thread, &status);
	pthread_join(signal_thread, NULL);
	signal(SIGUSR1, SIG_DFL);
	if (received != BIG || !same)
		fail_msg("received %zu of %u bytes%s", received, BIG, same ? "" : ", not all as sent");
	assert_int_equal((intptr_t)status, 0);
	if (errors_handled != 0)
		fail_msg("handle_error: %s", error_message);
	assert_true(atomic_load(&signals_caught) > 0);
	print_message("%d signals arrived during the 16 MiB write\n", atomic_load(&signals_caught));
	close(client);
	ss_server_free(server);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(stream_handler_over_tcp_ipv4_ipv6_and_unix),
		T(datagram_handler_over_udp_ipv4_ipv6_and_unix),
		T(setup_handle_finish_in_order_and_finish_after_a_failure),
		T(a_subclass_setup_failing_after_the_base_closes_the_files_itself),
		T(a_system_exit_ends_serve_forever_without_handle_error),
		T(an_idle_client_times_out_into_handle_error_and_the_server_goes_on),
		T(disable_nagle_sets_tcp_nodelay_and_is_harmless_on_unix),
		T(a_datagram_handler_that_writes_nothing_sends_an_empty_reply),
		T(an_unbound_unix_datagram_client_gets_handle_error),
		T(a_flush_failure_does_not_hide_handles_failure),
		T(a_16_mib_reply_survives_signals_without_losing_a_byte),
#undef T
	};

	support_watchdog(120);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
