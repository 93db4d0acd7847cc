/* 1-accept-lock.test.c — your LockedPreforkTCPServer on loopback. First
 * its get_request alone, in this process: with a client waiting, it returns
 * the accepted connection. Then served, with 3 children: two clients are
 * served at the same time (the lock covers accept, not the request); while
 * this process holds the accept lock, no child accepts (a client waits);
 * once it lets go, the client is served; 30 clients one after another are
 * all served; nothing is left behind.
 *
 * Every wait is bounded, and a failed check ends its test at once: its
 * teardown closes the clients and stops the server, so the next test (and
 * the end of the run) does not wait for what the failure left behind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "1-accept-lock.h"
#include "support.h"

/* How long a client that must wait is watched for a wrong answer. */
#define MUST_WAIT_MS 500

/* How long a second client may wait for its echo while a first one is
 * being served. A child releases the lock right after its accept, so
 * another child is in accept already: the echo takes about a millisecond.
 * Two seconds is far more, even under TSan on a busy machine. */
#define AT_ONCE_MS 2000

/* The server of the running test. Should its teardown fail to stop it,
 * its children would go on running, holding this process's stdout: at
 * exit they are ended, so the run ends with it. */
static ss_server *current;

static void
kill_children(ss_server *server)
{
	pid_t pids[16];
	size_t n = server ? ss_prefork_pids(server, pids, 16) : 0;

	for (size_t i = 0; i < n; i++)
		kill(pids[i], SIGKILL);
}

static void
end_leftover_children(void)
{
	kill_children(current);
}

static int
echo_handle(ss_handler *self)
{
	char buffer[256];

	for (;;) {
		ssize_t got = ss_recv(self->request->fd, buffer, sizeof buffer);
		if (got <= 0)
			return (int)got;
		if (ss_send_all(self->request->fd, buffer, (size_t)got) == -1)
			return -1;
	}
}

static const ss_handler_class echo = {
	.name = "Echo", .base = &ss_base_request_handler, .handle = echo_handle};

/* This process takes the lock on a thread of its own (see
 * no_child_accepts_while_the_lock_is_held); it says it has it with a byte
 * on a pipe, which the main thread can wait for beside a client. */
struct taker {
	pthread_t thread;
	int lock_fd;
	int has_it[2]; /* a pipe: readable once the thread holds the lock */
	bool started, joined, holds;
	int error; /* the errno of a failed F_SETLKW */
};

/* One test's server, its open clients and its taker: the teardown ends
 * them all, also after a failed check. */
struct running {
	ss_server *server;
	pthread_t thread;
	bool serving; /* the thread runs serve_forever */
	int clients[8];
	size_t client_count;
	struct taker taker;
};

static struct running the_running;

static void *
serve(void *server)
{
	ss_serve_forever(server, 0.05);
	return NULL;
}

static int
set_up(void **state)
{
	struct running *running = &the_running;

	memset(running, 0, sizeof *running);
	running->taker.has_it[0] = running->taker.has_it[1] = -1;
	*state = running;
	return 0;
}

static void
start(struct running *running)
{
	running->server = ss_server_new(&locked_prefork_tcp_server, "127.0.0.1:0", &echo, NULL);
	current = running->server;
	if (running->server == NULL)
		fail_msg("could not make the server: %s", ss_error());
	ss_prefork_attributes_of(running->server)->workers = 3;
	assert_int_equal(pthread_create(&running->thread, NULL, serve, running->server), 0);
	running->serving = true;
}

static void
stop(struct running *running)
{
	if (running->serving) {
		ss_shutdown(running->server);
		pthread_join(running->thread, NULL);
		running->serving = false;
	}
	ss_server_free(running->server);
	running->server = current = NULL;
}

/* The end of a client: its FIN reaches the child even though later
 * children hold copies of this process's fds. */
static void
done(struct running *running, int fd)
{
	for (size_t i = 0; i < running->client_count; i++)
		if (running->clients[i] == fd)
			running->clients[i] = running->clients[--running->client_count];
	shutdown(fd, SHUT_WR);
	close(fd);
}

static int
whole_file_lock(int fd, short type)
{
	struct flock lock = {.l_type = type, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
	return fcntl(fd, F_SETLKW, &lock);
}

/* After any test, passed or failed: the clients end (a child in its handler
 * returns), this process lets go of the lock, and the server stops. A taker
 * still waiting for the lock means a child holds it and does not let go:
 * the children are ended (their locks end with them; the parent starts
 * others), so that the taker gets it, and can let go. */
static int
tear_down(void **state)
{
	struct running *running = *state;
	struct taker *taker = &running->taker;

	while (running->client_count > 0)
		done(running, running->clients[0]);
	if (taker->started && !taker->joined) {
		if (support_wait_readable(taker->has_it[0], 0) != 1)
			kill_children(running->server);
		if (support_wait_readable(taker->has_it[0], SUPPORT_WAIT_MS) != 1)
			return 0; /* the taker is stuck: leave it, and the server, to the exit */
		pthread_join(taker->thread, NULL); /* it has its answer: the lock, or an error */
		taker->joined = true;
	}
	if (taker->holds)
		whole_file_lock(taker->lock_fd, F_UNLCK);
	for (int i = 0; i < 2; i++)
		if (taker->has_it[i] != -1)
			close(taker->has_it[i]);
	if (running->server != NULL)
		stop(running);
	return 0;
}

/* A client that has sent text; the teardown closes it if the test does not. */
static int
client_sends(struct running *running, const char *text)
{
	int fd = support_connect(running->server->server_address);
	assert_true(fd >= 0);
	assert_true(running->client_count < sizeof running->clients / sizeof running->clients[0]);
	running->clients[running->client_count++] = fd;
	assert_int_equal(support_send_all(fd, text, strlen(text)), 0);
	return fd;
}

static bool
answered(int fd, const char *text, int timeout_ms)
{
	char reply[64];
	size_t length = strlen(text);

	return support_recv_exact(fd, reply, length, timeout_ms) == 0 &&
	       memcmp(reply, text, length) == 0;
}

/* A client that got its echo. While it waits, a child that has ended (and
 * been replaced) is a failure at once: the echo handler never ends one, so
 * its get_request failed — the untouched stub's does, at once, every time. */
static int
served_client(struct running *running, const char *text)
{
	int fd = client_sends(running, text);
	for (int waited = 0; waited < SUPPORT_WAIT_MS; waited += 50) {
		size_t replaced = ss_prefork_restarts(running->server);
		if (replaced > 0)
			fail_msg("a client waited for an echo of \"%s\", and %zu child(ren) ended and "
			         "were replaced meanwhile; expected every child to stay, accepting: "
			         "does locked_get_request return what super.get_request returned "
			         "(0 for a connection)?", text, replaced);
		if (support_wait_readable(fd, 50) == 1)
			break;
	}
	if (!answered(fd, text, SUPPORT_WAIT_MS))
		fail_msg("a client got no echo of \"%s\": does locked_get_request accept "
		         "(super.get_request) and release the lock?", text);
	return fd;
}

/* get_request called here, without a child: the client is queued
 * already, so PreforkMixIn's accept returns at once, and so must yours. */
static void
get_request_returns_a_waiting_client(void **state)
{
	struct running *running = *state;
	running->server = ss_server_new(&locked_prefork_tcp_server, "127.0.0.1:0", &echo, NULL);
	current = running->server;
	if (running->server == NULL)
		fail_msg("could not make the server: %s", ss_error());
	client_sends(running, "queued");
	ss_request request = {.fd = -1};
	ss_address address;
	memset(&address, 0, sizeof address);
	int got = running->server->cls->get_request(running->server, &request, &address);
	if (got != 0)
		fail_msg("with a client waiting, get_request failed (%s); expected 0 and the "
		         "accepted connection in request->fd: it returns what super.get_request "
		         "returned", errno == ENOSYS ? "ENOSYS: the stub is not written yet"
		                                     : strerror(errno));
	if (request.fd < 0)
		fail_msg("get_request returned 0, but request->fd is %d: it is "
		         "super.get_request that fills it in", request.fd);
	close(request.fd);
}

static void
two_clients_are_served_at_once(void **state)
{
	struct running *running = *state;
	start(running);
	int first = served_client(running, "one"); /* its child is in its handler now */
	int second = client_sends(running, "two");
	if (!answered(second, "two", AT_ONCE_MS)) {
		/* Not served beside the first: is it served once the first is gone? */
		done(running, first);
		if (answered(second, "two", SUPPORT_WAIT_MS))
			fail_msg("a second client got its echo only after the first client had "
			         "closed its connection; expected it at once (within %d ms), from "
			         "another child: the lock was held for the whole first request. "
			         "Release it right after super.get_request (the accept), not after "
			         "the handler (in shutdown_request), nor never", AT_ONCE_MS);
		fail_msg("a second client got no echo while a first one was connected (%d ms), "
		         "nor after it had gone: is the lock released after each accept?",
		         AT_ONCE_MS);
	}
	done(running, first);
	done(running, second);
	stop(running);
}

static void *
take_the_lock(void *argument)
{
	struct taker *taker = argument;

	if (whole_file_lock(taker->lock_fd, F_WRLCK) == 0) {
		taker->holds = true;
		(void)!write(taker->has_it[1], "!", 1);
	} else {
		taker->error = errno;
		close(taker->has_it[1]); /* the main thread sees an end instead of "!" */
		taker->has_it[1] = -1;
	}
	return NULL;
}

/* Which of the client fd and the taker's pipe is readable first, within
 * timeout_ms (the pipe when both are): 1 the client, 2 the taker, 0 neither. */
static int
client_or_taker(int client, struct taker *taker, int timeout_ms)
{
	struct pollfd watch[2] = {{.fd = client, .events = POLLIN},
	                          {.fd = taker->has_it[0], .events = POLLIN}};
	int ready;

	while ((ready = poll(watch, 2, timeout_ms)) == -1)
		assert_int_equal(errno, EINTR);
	if (ready == 0)
		return 0;
	return watch[1].revents != 0 ? 2 : 1;
}

/* This process takes the lock, on a thread of its own: a child that sits in
 * accept holds it, so the taker waits until a connection frees it, and may
 * lose it to another child then — the main thread connects clients, one at
 * a time, until the taker has it. The client in flight when it gets it may
 * have been accepted just before (then it is answered), or may wait. */
static void
no_child_accepts_while_the_lock_is_held(void **state)
{
	struct running *running = *state;
	struct taker *taker = &running->taker;
	start(running);
	done(running, served_client(running, "warm"));
	taker->lock_fd = ((locked_server *)running->server)->lock_fd;
	assert_int_equal(pipe(taker->has_it), 0);
	assert_int_equal(pthread_create(&taker->thread, NULL, take_the_lock, taker), 0);
	taker->started = true;

	int in_flight = -1;
	for (int i = 0; in_flight == -1; i++) {
		if (i == 200)
			fail_msg("this process never got the lock in 200 connections: does a child "
			         "hold it longer than its accept?");
		int fd = client_sends(running, "until the lock is ours");
		int ready = client_or_taker(fd, taker, SUPPORT_WAIT_MS);
		if (ready == 2)
			in_flight = fd;
		else if (ready == 1 && answered(fd, "until the lock is ours", SUPPORT_WAIT_MS))
			done(running, fd);
		else
			fail_msg("a client got no echo of \"until the lock is ours\" (and this "
			         "process did not get the lock either): does locked_get_request "
			         "accept (super.get_request) and release the lock?");
	}
	pthread_join(taker->thread, NULL);
	taker->joined = true;
	if (!taker->holds)
		fail_msg("this process could not take the lock: fcntl(F_SETLKW) failed: %s",
		         strerror(taker->error));
	/* The client in flight waits now — unless a child had accepted it just
	 * before the lock was ours: then the next one must wait. */
	const char *text = "until the lock is ours";
	int waiting = in_flight;
	if (answered(in_flight, text, MUST_WAIT_MS)) {
		done(running, in_flight);
		text = "waiting";
		waiting = client_sends(running, text);
		if (answered(waiting, text, MUST_WAIT_MS))
			fail_msg("a child accepted while this process held the lock: does "
			         "locked_get_request take the lock (F_SETLKW) BEFORE accepting?");
	}
	assert_int_equal(whole_file_lock(taker->lock_fd, F_UNLCK), 0);
	taker->holds = false;
	if (!answered(waiting, text, SUPPORT_WAIT_MS))
		fail_msg("the waiting client was never served after the lock was released");
	done(running, waiting);
	stop(running);
}

static void
thirty_clients_one_after_another(void **state)
{
	struct running *running = *state;
	int fds_before = support_fd_count();
	start(running);
	for (int i = 0; i < 30; i++)
		done(running, served_client(running, "again"));
	stop(running);
	assert_int_equal(support_fd_count(), fds_before);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(get_request_returns_a_waiting_client, set_up, tear_down),
		cmocka_unit_test_setup_teardown(two_clients_are_served_at_once, set_up, tear_down),
		cmocka_unit_test_setup_teardown(no_child_accepts_while_the_lock_is_held, set_up,
		                                tear_down),
		cmocka_unit_test_setup_teardown(thirty_clients_one_after_another, set_up, tear_down),
	};
	atexit(end_leftover_children);
	support_watchdog(30);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
