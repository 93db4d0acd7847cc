/* test_threading.c — ThreadingMixIn: a hundred clients at once, every byte
 * checked; finished threads reaped as new ones start (bpo-37193);
 * block_on_close and daemon_threads; a daemon handler still running after
 * ss_server_free touches no freed memory; a failing handler reaches
 * handle_error and the server goes on; a failed pthread_create (injected)
 * leaves nothing to join; ss_shutdown while handlers run; handler threads
 * keep the stop signals blocked; SIGTERM ends a handler waiting for a
 * silent client, so server_close does not join it for ever. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdatomic.h>
#include <sys/wait.h>

#include "mixin_test.h"

/*@wrap pthread_create */
int __real_pthread_create(pthread_t *thread, const pthread_attr_t *attributes,
                          void *(*body)(void *), void *argument);
static atomic_int fail_pthread_create; /* how many calls to fail */

int
__wrap_pthread_create(pthread_t *thread, const pthread_attr_t *attributes,
                      void *(*body)(void *), void *argument)
{
	if (atomic_load(&fail_pthread_create) > 0) {
		atomic_fetch_sub(&fail_pthread_create, 1);
		return EAGAIN;
	}
	return __real_pthread_create(thread, attributes, body, argument);
}

/* ---- a gate the handlers wait at ------------------------------------------ */

static struct {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	bool open;
	int waiting;  /* handlers that reached the gate */
	int passed;   /* handlers that went on */
	int sequence; /* a clock of events, to order them */
	int last_pass;
	bool stop_signals_blocked;
} gate = {.lock = PTHREAD_MUTEX_INITIALIZER, .changed = PTHREAD_COND_INITIALIZER};

static void
gate_reset(void)
{
	pthread_mutex_lock(&gate.lock);
	gate.open = false;
	gate.waiting = gate.passed = gate.sequence = gate.last_pass = 0;
	pthread_mutex_unlock(&gate.lock);
}

static void
gate_open(void)
{
	pthread_mutex_lock(&gate.lock);
	gate.open = true;
	pthread_cond_broadcast(&gate.changed);
	pthread_mutex_unlock(&gate.lock);
}

static int
gate_count(int *field)
{
	pthread_mutex_lock(&gate.lock);
	int value = *field;
	pthread_mutex_unlock(&gate.lock);
	return value;
}

static int
tick(void)
{
	pthread_mutex_lock(&gate.lock);
	int now = ++gate.sequence;
	pthread_mutex_unlock(&gate.lock);
	return now;
}

/* Wait at the gate, then echo once more than chapter 4 would: read one
 * message, send it back with the server's address appended — which reads
 * the server's memory after the gate (the daemon test frees it before). */
static int
gated_handle(ss_handler *self)
{
	sigset_t mask;
	char buffer[256];

	pthread_sigmask(SIG_SETMASK, NULL, &mask);
	pthread_mutex_lock(&gate.lock);
	gate.stop_signals_blocked = sigismember(&mask, SIGINT) && sigismember(&mask, SIGTERM);
	gate.waiting++;
	pthread_cond_broadcast(&gate.changed);
	while (!gate.open)
		pthread_cond_wait(&gate.changed, &gate.lock);
	gate.passed++;
	gate.last_pass = ++gate.sequence;
	pthread_mutex_unlock(&gate.lock);

	ssize_t received = ss_recv(self->request->fd, buffer, 64);
	if (received <= 0)
		return -1;
	int length = snprintf(buffer + received, sizeof buffer - (size_t)received, "@%s",
	                      self->server->server_address);
	return ss_send_all(self->request->fd, buffer, (size_t)received + (size_t)length) == -1 ? -1 : 0;
}

static const ss_handler_class gated_handler = {
	.name = "GatedHandler", .base = &ss_base_request_handler, .handle = gated_handle,
};

static void
wait_for_waiting(int count)
{
	pthread_mutex_lock(&gate.lock);
	while (gate.waiting < count)
		pthread_cond_wait(&gate.changed, &gate.lock);
	pthread_mutex_unlock(&gate.lock);
}

/* ---- a hundred clients at once -------------------------------------------- */

#define CLIENTS 100
#define MESSAGE 1000

static ss_server *
threading_server_with_backlog(const ss_server_class *cls, const char *address,
                              const ss_handler_class *handler)
{
	ss_server *server = ss_server_new_inactive(cls, address, handler, NULL);

	assert_non_null(server);
	/* 100 connects at once: a backlog that holds them all */
	ss_socket_server_of(server)->attributes.request_queue_size = 128;
	assert_int_equal(ss_server_bind(server), 0);
	assert_int_equal(ss_server_activate(server), 0);
	return server;
}

static void
fill(char *message, int client, size_t length)
{
	for (size_t i = 0; i < length; i++)
		message[i] = (char)('A' + (client * 7 + (int)i) % 58);
}

static void
hundred_clients_against(const ss_server_class *cls)
{
	const char *dir = support_temp_dir();
	char path[300], message[MESSAGE], reply[MESSAGE];
	bool datagram = is_datagram_class(cls);
	int clients[CLIENTS];
	ss_server *server;

	ss_reserve_fd_init();
	int fds = support_fd_count();
	int threads = thread_count();
	snprintf(path, sizeof path, "%s/server.sock", dir);
	const char *address = is_unix_class(cls) ? path : "127.0.0.1:0";
	if (datagram)
		server = ss_server_new(cls, address, &datagram_echo_handler, NULL);
	else
		server = threading_server_with_backlog(cls, address, &echo_handler);
	assert_non_null(server);
	background serving;
	serve_in_background(&serving, server);

	for (int i = 0; i < CLIENTS; i++) {
		clients[i] = client_of(server, dir, i);
		assert_true(clients[i] >= 0);
	}
	for (int i = 0; i < CLIENTS; i++) { /* all of them talk before any is read */
		fill(message, i, datagram ? 100 : MESSAGE);
		if (datagram)
			assert_int_equal(send(clients[i], message, 100, 0), 100);
		else
			assert_int_equal(support_send_all(clients[i], message, MESSAGE), 0);
	}
	for (int i = 0; i < CLIENTS; i++) {
		fill(message, i, datagram ? 100 : MESSAGE);
		if (datagram) {
			assert_int_equal(support_wait_readable(clients[i], SUPPORT_WAIT_MS), 1);
			assert_int_equal(recv(clients[i], reply, sizeof reply, 0), 100);
			assert_memory_equal(reply, message, 100);
		} else {
			assert_int_equal(support_recv_exact(clients[i], reply, MESSAGE, SUPPORT_WAIT_MS), 0);
			assert_memory_equal(reply, message, MESSAGE);
		}
	}
	/* A stream handler lives as long as its connection: all 100 at once. */
	if (!datagram)
		assert_int_equal(ss_threading_live_threads(server), CLIENTS);
	for (int i = 0; i < CLIENTS; i++) {
		close(clients[i]);
		remove_client_path(dir, i);
	}
	stop_background(&serving);
	ss_server_close(server); /* block_on_close: joins every handler */
	assert_int_equal(ss_threading_live_threads(server), 0);
	assert_int_equal(ss_threading_thread_count(server), 0);
	ss_server_free(server);
	unlink(path);
	support_remove_temp_dir(dir);
	assert_int_equal(support_fd_count(), fds);
	assert_int_equal(thread_count(), threads);
}

static void
hundred_clients_threading_tcp(void **state)
{
	(void)state;
	hundred_clients_against(&ss_threading_tcp_server);
}

static void
hundred_clients_threading_unix_stream(void **state)
{
	(void)state;
	hundred_clients_against(&ss_threading_unix_stream_server);
}

static void
hundred_clients_threading_udp(void **state)
{
	(void)state;
	hundred_clients_against(&ss_threading_udp_server);
}

static void
hundred_clients_threading_unix_datagram(void **state)
{
	(void)state;
	hundred_clients_against(&ss_threading_unix_datagram_server);
}

/* ---- bpo-37193: the list of threads stays small ----------------------------- */

static struct {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	int handled;
} done = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0};

static int
count_handle(ss_handler *self)
{
	(void)self;
	pthread_mutex_lock(&done.lock);
	done.handled++;
	pthread_cond_signal(&done.changed);
	pthread_mutex_unlock(&done.lock);
	return 0;
}

static const ss_handler_class count_handler = {
	.name = "CountHandler", .base = &ss_base_request_handler, .handle = count_handle,
};

/* Python's test_threads_reaped, with 10,000 requests: process_request is
 * called as the loop calls it, with a request that has no connection, each
 * after the last one was handled. */
static void
finished_threads_are_reaped(void **state)
{
	(void)state;
	enum { REQUESTS = 10000 };
	ss_server *server = ss_server_new(&ss_threading_tcp_server, "127.0.0.1:0", &count_handler, NULL);
	ss_address client_address;
	size_t most = 0;

	assert_non_null(server);
	memset(&client_address, 0, sizeof client_address);
	done.handled = 0;
	for (int i = 0; i < REQUESTS; i++) {
		ss_request request = {.fd = -1};
		assert_int_equal(server->cls->process_request(server, &request, &client_address), 0);
		pthread_mutex_lock(&done.lock);
		while (done.handled <= i)
			pthread_cond_wait(&done.changed, &done.lock);
		pthread_mutex_unlock(&done.lock);
		size_t count = ss_threading_thread_count(server);
		if (count > most)
			most = count;
	}
	print_message("most threads tracked at once: %zu of %d\n", most, REQUESTS);
	assert_true(most < 10); /* Python's bound; without reaping it would be 10000 */
	ss_server_free(server);
}

/* ---- block_on_close and daemon_threads -------------------------------------- */

typedef struct closer {
	ss_server *server;
	pthread_t thread;
	int returned_at; /* gate sequence when server_close returned */
} closer;

static void *
close_it(void *argument)
{
	closer *c = argument;

	ss_server_close(c->server);
	c->returned_at = tick();
	return NULL;
}

/* Start a server, one client, its handler held at the gate. */
static ss_server *
server_with_a_held_handler(int *client, bool block_on_close, bool daemon_threads)
{
	ss_server *server = ss_server_new(&ss_threading_tcp_server, "127.0.0.1:0", &gated_handler, NULL);

	assert_non_null(server);
	assert_int_equal(ss_set_block_on_close(server, block_on_close), 0);
	assert_int_equal(ss_set_daemon_threads(server, daemon_threads), 0);
	gate_reset();
	*client = support_connect(server->server_address);
	assert_true(*client >= 0);
	assert_int_equal(ss_handle_request(server), 0);
	wait_for_waiting(1);
	return server;
}

static void
block_on_close_waits_for_a_running_handler(void **state)
{
	(void)state;
	int client;
	ss_server *server = server_with_a_held_handler(&client, true, false);
	closer c = {.server = server};

	assert_int_equal(ss_threading_thread_count(server), 1);
	assert_int_equal(pthread_create(&c.thread, NULL, close_it, &c), 0);
	assert_int_equal(support_send_all(client, "hi", 2), 0);
	gate_open(); /* the handler passes, answers, ends... */
	pthread_join(c.thread, NULL);
	/* ...and only then did server_close return */
	assert_true(c.returned_at > gate_count(&gate.last_pass));
	char reply[64];
	assert_int_equal(support_recv_exact(client, reply, 3, SUPPORT_WAIT_MS), 0);
	assert_memory_equal(reply, "hi@", 3);
	assert_int_equal(ss_threading_live_threads(server), 0);
	close(client);
	ss_server_free(server);
}

static void
returns_at_once(bool block_on_close, bool daemon_threads)
{
	int client, threads = thread_count();
	ss_server *server = server_with_a_held_handler(&client, block_on_close, daemon_threads);

	assert_int_equal(ss_threading_thread_count(server), 0); /* nothing to join */
	ss_server_close(server); /* returns while the handler is held */
	assert_int_equal(gate_count(&gate.passed), 0);
	assert_int_equal(ss_threading_live_threads(server), 1);
	assert_int_equal(support_send_all(client, "hi", 2), 0);
	gate_open();
	char reply[64];
	assert_int_equal(support_recv_exact(client, reply, 3, SUPPORT_WAIT_MS), 0);
	WAIT_UNTIL(ss_threading_live_threads(server) == 0);
	WAIT_UNTIL(thread_count() == threads); /* the detached thread has gone */
	close(client);
	ss_server_free(server);
}

static void
no_block_on_close_returns_at_once(void **state)
{
	(void)state;
	returns_at_once(false, false);
}

/* Python: daemon threads are not tracked, so server_close does not wait for
 * them even with block_on_close. */
static void
daemon_threads_are_not_waited_for(void **state)
{
	(void)state;
	returns_at_once(true, true);
}

/* The program closes and frees the server while a daemon handler still
 * runs; the handler then reads the server's memory and the thread ends
 * through shutdown_request and its release. ASan/TSan watch. */
static void
a_daemon_handler_outlives_ss_server_free(void **state)
{
	(void)state;
	int client, threads = thread_count();
	ss_server *server = server_with_a_held_handler(&client, true, true);
	char address[SS_ADDRESS_TEXT_MAX], expected[SS_ADDRESS_TEXT_MAX + 8], reply[SS_ADDRESS_TEXT_MAX + 8];

	snprintf(address, sizeof address, "%s", server->server_address);
	ss_server_free(server); /* the handler is still at the gate */
	server = NULL;
	assert_int_equal(support_send_all(client, "hi", 2), 0);
	gate_open();
	int length = snprintf(expected, sizeof expected, "hi@%s", address);
	assert_int_equal(support_recv_exact(client, reply, (size_t)length, SUPPORT_WAIT_MS), 0);
	assert_memory_equal(reply, expected, (size_t)length);
	assert_true(support_peer_closed(client, SUPPORT_WAIT_MS)); /* shutdown_request ran */
	WAIT_UNTIL(thread_count() == threads); /* and the thread, and the last reference, went */
	close(client);
}

/* A datagram is answered on the server's socket, which ss_server_free
 * closes; its number is then reused. The daemon handler, let go after
 * that, still answers its client — on its own copy — and writes nothing
 * into the file that took the number. */
static int
gated_datagram_handle(ss_handler *self)
{
	pthread_mutex_lock(&gate.lock);
	gate.waiting++;
	pthread_cond_broadcast(&gate.changed);
	while (!gate.open)
		pthread_cond_wait(&gate.changed, &gate.lock);
	pthread_mutex_unlock(&gate.lock);
	return datagram_echo_handle(self);
}

static const ss_handler_class gated_datagram_handler = {
	.name = "GatedDatagramHandler", .base = &ss_base_request_handler,
	.handle = gated_datagram_handle,
};

static void
a_daemon_datagram_handler_answers_after_ss_server_free(void **state)
{
	(void)state;
	int threads = thread_count();
	ss_server *server = ss_server_new(&ss_threading_udp_server, "127.0.0.1:0", &gated_datagram_handler, NULL);
	char reply[16];

	assert_non_null(server);
	assert_int_equal(ss_set_daemon_threads(server, true), 0);
	gate_reset();
	int client = client_of(server, NULL, 0);
	assert_true(client >= 0);
	assert_int_equal(send(client, "ping", 4, 0), 4);
	assert_int_equal(ss_handle_request(server), 0);
	wait_for_waiting(1);
	int old_socket = ss_socket_server_of(server)->socket;
	ss_server_free(server);
	int pair[2]; /* takes the freed number (the lowest free one) */
	assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, pair), 0);
	assert_true(pair[0] == old_socket || pair[1] == old_socket);
	gate_open();
	assert_int_equal(support_wait_readable(client, SUPPORT_WAIT_MS), 1);
	assert_int_equal(recv(client, reply, sizeof reply, 0), 4);
	assert_memory_equal(reply, "ping", 4);
	WAIT_UNTIL(thread_count() == threads);
	int other = pair[0] == old_socket ? pair[1] : pair[0];
	assert_int_equal(support_wait_readable(other, 0), 0); /* nothing was sent into the pair */
	close(pair[0]);
	close(pair[1]);
	close(client);
}

/* ---- failures --------------------------------------------------------------- */

static atomic_int errors_handled;

static void
counting_handle_error(ss_server *self, ss_request *request, const ss_address *client_address)
{
	ss_server_class super;
	extern const ss_server_class counting_server;

	atomic_fetch_add(&errors_handled, 1);
	ss_server_super(self, &counting_server, &super);
	super.handle_error(self, request, client_address);
}

const ss_server_class counting_server = {
	.name = "CountingServer", .base = &ss_threading_tcp_server, .handle_error = counting_handle_error,
};

/* "fail" makes the handler fail; anything else is echoed. */
static int
picky_handle(ss_handler *self)
{
	char buffer[64];
	ssize_t received = ss_recv(self->request->fd, buffer, sizeof buffer);

	if (received <= 0)
		return -1;
	if (received == 4 && memcmp(buffer, "fail", 4) == 0) {
		ss_set_error("the client asked for a failure");
		return -1;
	}
	return ss_send_all(self->request->fd, buffer, (size_t)received) == -1 ? -1 : 0;
}

static const ss_handler_class picky_handler = {
	.name = "PickyHandler", .base = &ss_base_request_handler, .handle = picky_handle,
};

static void
a_failing_handler_reaches_handle_error_and_the_server_goes_on(void **state)
{
	(void)state;
	ss_server *server = ss_server_new(&counting_server, "127.0.0.1:0", &picky_handler, NULL);
	assert_non_null(server);
	atomic_store(&errors_handled, 0);
	background serving;
	serve_in_background(&serving, server);

	int client = support_connect(server->server_address);
	assert_int_equal(support_send_all(client, "fail", 4), 0);
	assert_true(support_peer_closed(client, SUPPORT_WAIT_MS)); /* shutdown_request, after handle_error */
	close(client);
	WAIT_UNTIL(atomic_load(&errors_handled) == 1);

	client = support_connect(server->server_address);
	assert_int_equal(echo_once(client, false, "fine", 4), 0);
	close(client);
	stop_background(&serving);
	ss_server_free(server);
	assert_int_equal(atomic_load(&errors_handled), 1);
}

static void
a_failed_pthread_create_goes_to_handle_error(void **state)
{
	(void)state;
	ss_server *server = ss_server_new(&counting_server, "127.0.0.1:0", &picky_handler, NULL);
	assert_non_null(server);
	atomic_store(&errors_handled, 0);
	int threads = thread_count();

	int client = support_connect(server->server_address);
	atomic_store(&fail_pthread_create, 1);
	assert_int_equal(ss_handle_request(server), 0);
	assert_int_equal(atomic_load(&fail_pthread_create), 0);
	assert_int_equal(atomic_load(&errors_handled), 1);
	assert_true(support_peer_closed(client, SUPPORT_WAIT_MS)); /* and shutdown_request */
	assert_int_equal(ss_threading_thread_count(server), 0);    /* nothing to join */
	assert_int_equal(ss_threading_live_threads(server), 0);
	assert_int_equal(thread_count(), threads);
	close(client);

	client = support_connect(server->server_address); /* the next one is served */
	assert_int_equal(ss_handle_request(server), 0);
	assert_int_equal(echo_once(client, false, "next", 4), 0);
	close(client);
	ss_server_free(server);
	assert_int_equal(atomic_load(&errors_handled), 1);
}

/* A finish_request result other than 0 and -1 (chapter 6's SystemExit, say)
 * skips handle_error — Python's except Exception — but not shutdown_request. */
static int
finish_with_minus_two(ss_server *self, ss_request *request, const ss_address *client_address)
{
	(void)self, (void)request, (void)client_address;
	return -2;
}

static const ss_server_class exiting_server = {
	.name = "ExitingServer", .base = &counting_server, .finish_request = finish_with_minus_two,
};

static void
another_failure_skips_handle_error(void **state)
{
	(void)state;
	ss_server *server = ss_server_new(&exiting_server, "127.0.0.1:0", &picky_handler, NULL);
	assert_non_null(server);
	atomic_store(&errors_handled, 0);
	int client = support_connect(server->server_address);
	assert_int_equal(ss_handle_request(server), 0);
	assert_true(support_peer_closed(client, SUPPORT_WAIT_MS));
	close(client);
	ss_server_close(server);
	assert_int_equal(atomic_load(&errors_handled), 0);
	ss_server_free(server);
}

/* ---- shutdown and signals --------------------------------------------------- */

static void
shutdown_while_handlers_run(void **state)
{
	(void)state;
	enum { HELD = 3 };
	ss_server *server = ss_server_new(&ss_threading_tcp_server, "127.0.0.1:0", &gated_handler, NULL);
	int clients[HELD];

	assert_non_null(server);
	gate_reset();
	background serving;
	serve_in_background(&serving, server);
	for (int i = 0; i < HELD; i++) {
		clients[i] = support_connect(server->server_address);
		assert_true(clients[i] >= 0);
	}
	wait_for_waiting(HELD);
	assert_true(gate.stop_signals_blocked); /* a stop signal is not theirs to take */
	stop_background(&serving); /* ss_shutdown returns: the loop has stopped */
	assert_int_equal(serving.status, 0);
	assert_int_equal(ss_threading_live_threads(server), HELD);
	gate_open();
	for (int i = 0; i < HELD; i++) { /* the running handlers finish their work */
		char reply[8];
		assert_int_equal(support_send_all(clients[i], "ok", 2), 0);
		assert_int_equal(support_recv_exact(clients[i], reply, 3, SUPPORT_WAIT_MS), 0);
		assert_memory_equal(reply, "ok@", 3);
	}
	ss_server_close(server);
	assert_int_equal(ss_threading_live_threads(server), 0);
	for (int i = 0; i < HELD; i++)
		close(clients[i]);
	ss_server_free(server);
}

/* SIGTERM to a program whose ThreadingTCPServer has a handler waiting for a
 * silent client: serve_forever stops, server_close passes the stop on to
 * the handler, which ends; the program exits 0. The program is this test
 * binary again (--serve-until-sigterm): a fresh process, not a fork of a
 * threaded one. */
static int
serve_until_sigterm(void)
{
	if (ss_stop_on_signals() == -1)
		return 3;
	ss_server *server = ss_server_new(&ss_threading_tcp_server, "127.0.0.1:0", &echo_handler, NULL);
	if (server == NULL)
		return 3;
	printf("listening on %s\n", server->server_address);
	fflush(stdout);
	int status = ss_serve_forever(server, 5.0); /* long: the signal must end it, not the poll */
	bool stopped = status == -1 && ss_stop_requested();
	ss_server_free(server); /* joins the handler, once it has seen the stop */
	return stopped ? 0 : 4;
}

static void
sigterm_stops_a_handler_waiting_for_a_silent_client(void **state)
{
	(void)state;
	int output[2];
	char line[256], reply[4];

	assert_int_equal(pipe(output), 0);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(output[1], STDOUT_FILENO);
		close(output[0]);
		close(output[1]);
		execl("/proc/self/exe", "test_threading", "--serve-until-sigterm", (char *)NULL);
		_exit(127);
	}
	close(output[1]);
	assert_true(support_read_line(output[0], line, sizeof line, SUPPORT_WAIT_MS) > 0);
	assert_non_null(strstr(line, "listening on "));
	int client = support_connect(line + strlen("listening on "));
	assert_true(client >= 0);
	assert_int_equal(echo_once(client, false, "hi", 2), 0); /* its handler runs, and waits */
	double start = now_seconds();
	assert_int_equal(kill(pid, SIGTERM), 0);
	assert_true(support_peer_closed(client, SUPPORT_WAIT_MS)); /* the handler ended */
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_true(now_seconds() - start < 2.5); /* not the 5 s poll, nor for ever */
	(void)reply;
	close(client);
	close(output[0]);
}

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--serve-until-sigterm") == 0)
		return serve_until_sigterm();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hundred_clients_threading_tcp),
		cmocka_unit_test(hundred_clients_threading_unix_stream),
		cmocka_unit_test(hundred_clients_threading_udp),
		cmocka_unit_test(hundred_clients_threading_unix_datagram),
		cmocka_unit_test(finished_threads_are_reaped),
		cmocka_unit_test(block_on_close_waits_for_a_running_handler),
		cmocka_unit_test(no_block_on_close_returns_at_once),
		cmocka_unit_test(daemon_threads_are_not_waited_for),
		cmocka_unit_test(a_daemon_handler_outlives_ss_server_free),
		cmocka_unit_test(a_daemon_datagram_handler_answers_after_ss_server_free),
		cmocka_unit_test(a_failing_handler_reaches_handle_error_and_the_server_goes_on),
		cmocka_unit_test(a_failed_pthread_create_goes_to_handle_error),
		cmocka_unit_test(another_failure_skips_handle_error),
		cmocka_unit_test(shutdown_while_handlers_run),
		cmocka_unit_test(sigterm_stops_a_handler_waiting_for_a_silent_client),
	};
	warm_up_threads();
	support_watchdog(120);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
