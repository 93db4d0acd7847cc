/* 1-accept-lock.test.c — your LockedPreforkTCPServer on loopback, with 3
 * children: while this process holds the accept lock, no child accepts (a
 * client waits); once it lets go, the client is served; two clients are
 * served at the same time (the lock covers accept, not the request); 30
 * clients one after another are all served; nothing is left behind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "1-accept-lock.h"
#include "support.h"

/* How long a client that must wait is watched for a wrong answer. */
#define MUST_WAIT_MS 500

/* A test that fails leaves its server's children running, holding this
 * process's stdout: at exit they are ended, so the run ends with it. */
static ss_server *current;

static void
end_leftover_children(void)
{
	pid_t pids[16];
	size_t n = current ? ss_prefork_pids(current, pids, 16) : 0;

	for (size_t i = 0; i < n; i++)
		kill(pids[i], SIGKILL);
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

struct running {
	ss_server *server;
	pthread_t thread;
};

static void *
serve(void *server)
{
	ss_serve_forever(server, 0.05);
	return NULL;
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
}

static void
stop(struct running *running)
{
	ss_shutdown(running->server);
	pthread_join(running->thread, NULL);
	ss_server_free(running->server);
}

/* The end of a client: its FIN reaches the child even though later
 * children hold copies of this process's fds. */
static void
done(int fd)
{
	shutdown(fd, SHUT_WR);
	close(fd);
}

static bool
answered(int fd, const char *text, int timeout_ms)
{
	char reply[64];
	size_t length = strlen(text);

	return support_recv_exact(fd, reply, length, timeout_ms) == 0 &&
	       memcmp(reply, text, length) == 0;
}

static int
served_client(struct running *running, const char *text)
{
	int fd = support_connect(running->server->server_address);
	assert_true(fd >= 0);
	assert_int_equal(support_send_all(fd, text, strlen(text)), 0);
	if (!answered(fd, text, SUPPORT_WAIT_MS))
		fail_msg("a client got no echo of \"%s\": does locked_get_request accept "
		         "(super.get_request) and release the lock?", text);
	return fd;
}

static int
whole_file_lock(int fd, short type)
{
	struct flock lock = {.l_type = type, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
	return fcntl(fd, F_SETLKW, &lock);
}

/* This process takes the lock, on a thread of its own: a child that sits in
 * accept holds it, so the taker waits until a connection frees it, and may
 * lose it to another child then — the main thread connects clients, one at
 * a time, until the taker has it. */
struct taker {
	pthread_t thread;
	int lock_fd;
	atomic_bool has_it;
};

static void *
take_the_lock(void *argument)
{
	struct taker *taker = argument;

	if (whole_file_lock(taker->lock_fd, F_WRLCK) == 0)
		atomic_store(&taker->has_it, true);
	return NULL;
}

static void
no_child_accepts_while_the_lock_is_held(void **state)
{
	(void)state;
	struct running running;
	start(&running);
	done(served_client(&running, "warm"));
	struct taker taker = {.lock_fd = ((locked_server *)running.server)->lock_fd};
	atomic_init(&taker.has_it, false);
	assert_int_equal(pthread_create(&taker.thread, NULL, take_the_lock, &taker), 0);
	for (int i = 0; i < 200 && !atomic_load(&taker.has_it); i++)
		done(served_client(&running, "until the lock is ours"));
	if (!atomic_load(&taker.has_it)) /* (the taker stays blocked: the test is lost anyway) */
		fail_msg("this process never got the lock in 200 connections: does a child "
		         "hold it longer than its accept?");
	pthread_join(taker.thread, NULL);

	int waiting = support_connect(running.server->server_address);
	assert_true(waiting >= 0);
	assert_int_equal(support_send_all(waiting, "waiting", 7), 0);
	if (answered(waiting, "waiting", MUST_WAIT_MS))
		fail_msg("a child accepted while this process held the lock: does "
		         "locked_get_request take the lock (F_SETLKW) BEFORE accepting?");
	assert_int_equal(whole_file_lock(taker.lock_fd, F_UNLCK), 0);
	if (!answered(waiting, "waiting", SUPPORT_WAIT_MS))
		fail_msg("the waiting client was never served after the lock was released");
	done(waiting);
	stop(&running);
}

static void
two_clients_are_served_at_once(void **state)
{
	(void)state;
	struct running running;
	start(&running);
	int first = served_client(&running, "one"); /* its child is in its handler now */
	int second = support_connect(running.server->server_address);
	assert_true(second >= 0);
	assert_int_equal(support_send_all(second, "two", 3), 0);
	if (!answered(second, "two", SUPPORT_WAIT_MS))
		fail_msg("a second client was not served while the first was: is the lock "
		         "released right after accept, or held for the whole request?");
	done(first);
	done(second);
	stop(&running);
}

static void
thirty_clients_one_after_another(void **state)
{
	(void)state;
	struct running running;
	int fds_before = support_fd_count();
	start(&running);
	for (int i = 0; i < 30; i++)
		done(served_client(&running, "again"));
	stop(&running);
	assert_int_equal(support_fd_count(), fds_before);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(two_clients_are_served_at_once),
		cmocka_unit_test(no_child_accepts_while_the_lock_is_held),
		cmocka_unit_test(thirty_clients_one_after_another),
	};
	atexit(end_leftover_children);
	support_watchdog(30);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
