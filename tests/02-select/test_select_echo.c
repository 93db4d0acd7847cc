/* test_select_echo.c — chapter 2's program over loopback, on both backends:
 * many clients at once, each byte checked; a client that stops reading does
 * not stall the others; clients that reset; no fd leaks; the conventions.
 * And its limit: one slow request stalls everyone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include "support.h"

typedef struct fixture {
	support_process server;
	const char *backend;
} fixture;

static int
start_server(void **state)
{
	static fixture f;
	const char *backend = *state; /* the prestate: "select" or "poll" */
	const char *const args[] = {"--listen", "127.0.0.1:0", "--backend", backend,
	                            "--slow-requests", NULL};

	support_watchdog(120);
	f.backend = backend;
	*state = &f;
	return support_start(&f.server, "select-echo", args, true);
}

static int
stop_server(void **state)
{
	fixture *f = *state;

	if (f->server.pid > 0)
		assert_int_equal(support_stop(&f->server, SIGTERM), 0);
	return 0;
}

static void
assert_echo(int client, const char *message)
{
	size_t length = strlen(message);
	char reply[256];

	assert_true(length <= sizeof reply);
	assert_int_equal(support_send_all(client, message, length), 0);
	assert_int_equal(support_recv_exact(client, reply, length, SUPPORT_WAIT_MS), 0);
	assert_memory_equal(reply, message, length);
}

/* The open fds of another process, from /proc. */
static int
process_fd_count(pid_t pid)
{
	char path[64];
	DIR *dir;
	int count = 0;

	snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
	dir = opendir(path);
	if (dir == NULL)
		return -1;
	while (readdir(dir) != NULL)
		count++;
	closedir(dir);
	return count - 2;
}

/* Read the server's log until count lines containing text (or other).
 * A test that makes the server log much must read it: a full stderr pipe
 * would block the server in the middle of a round. */
static int
wait_for_log_lines(support_process *server, const char *text, const char *other, int count)
{
	char line[1024];

	while (count > 0) {
		if (support_read_line(server->stderr_fd, line, sizeof line, SUPPORT_WAIT_MS) < 0)
			return -1;
		if (strstr(line, text) != NULL || (other != NULL && strstr(line, other) != NULL))
			count--;
	}
	return 0;
}

/* Byte i of a long test stream: lines of 1000 bytes. */
static char
pattern(size_t i)
{
	return i % 1000 == 999 ? '\n' : (char)('a' + i % 26);
}

static void
echoes_lines_partial_lines_and_long_lines(void **state)
{
	fixture *f = *state;
	static char long_line[20001], reply[sizeof long_line];
	int client = support_connect(f->server.address);

	assert_true(client >= 0);
	assert_echo(client, "hello\n");
	assert_echo(client, "two lines\nin one send\n");
	/* a line in two pieces: the first piece waits for the rest */
	assert_int_equal(support_send_all(client, "first half, ", 12), 0);
	assert_int_equal(support_send_all(client, "second half\n", 12), 0);
	assert_int_equal(support_recv_exact(client, reply, 24, SUPPORT_WAIT_MS), 0);
	assert_memory_equal(reply, "first half, second half\n", 24);
	/* a line longer than the server's input buffer comes back whole */
	memset(long_line, 'L', sizeof long_line - 1);
	long_line[sizeof long_line - 1] = '\n';
	assert_int_equal(support_send_all(client, long_line, sizeof long_line), 0);
	assert_int_equal(support_recv_exact(client, reply, sizeof reply, SUPPORT_WAIT_MS), 0);
	assert_memory_equal(reply, long_line, sizeof long_line);
	/* an unfinished last line is echoed when the client closes its side */
	assert_int_equal(support_send_all(client, "no newline", 10), 0);
	shutdown(client, SHUT_WR);
	assert_int_equal(support_recv_exact(client, reply, 10, SUPPORT_WAIT_MS), 0);
	assert_memory_equal(reply, "no newline", 10);
	assert_true(support_peer_closed(client, SUPPORT_WAIT_MS));
	close(client);
}

/* ---- many clients at once, each in its own thread ---- */

enum { CLIENTS = 32, BATCHES = 20, LINES_PER_BATCH = 10 };

typedef struct worker {
	const char *address;
	int number;
	bool ok;
	char failure[128];
} worker;

static void *
run_worker(void *argument)
{
	worker *w = argument;
	char batch[LINES_PER_BATCH * 64], reply[sizeof batch];
	int client = support_connect(w->address);

	if (client < 0) {
		snprintf(w->failure, sizeof w->failure, "client %d cannot connect", w->number);
		return NULL;
	}
	for (int b = 0; b < BATCHES; b++) {
		size_t length = 0;

		for (int l = 0; l < LINES_PER_BATCH; l++)
			length += (size_t)snprintf(batch + length, sizeof batch - length,
			                           "client %d batch %d line %d: %0*d\n", w->number, b, l,
			                           (w->number + l) % 20, 7);
		if (support_send_all(client, batch, length) != 0 ||
		    support_recv_exact(client, reply, length, SUPPORT_WAIT_MS) != 0 ||
		    memcmp(batch, reply, length) != 0) {
			snprintf(w->failure, sizeof w->failure, "client %d: batch %d not echoed intact",
			         w->number, b);
			close(client);
			return NULL;
		}
	}
	close(client);
	w->ok = true;
	return NULL;
}

static void
many_concurrent_clients_every_byte_verified(void **state)
{
	fixture *f = *state;
	pthread_t threads[CLIENTS];
	static worker workers[CLIENTS];

	for (int i = 0; i < CLIENTS; i++) {
		workers[i] = (worker){.address = f->server.address, .number = i};
		assert_int_equal(pthread_create(&threads[i], NULL, run_worker, &workers[i]), 0);
	}
	for (int i = 0; i < CLIENTS; i++)
		assert_int_equal(pthread_join(threads[i], NULL), 0);
	for (int i = 0; i < CLIENTS; i++) {
		if (!workers[i].ok)
			fail_msg("%s", workers[i].failure);
	}
}

/* ---- a client that does not read ---- */

/* Send the pattern from *sent on, without reading, until the server stops
 * taking it: nothing moves for 300 ms. (A server that buffered without limit
 * would take it all; 256 MiB says it does.) */
static size_t
send_until_stalled(int client, size_t sent)
{
	char block[65536];

	fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK);
	for (;;) {
		ssize_t n;

		for (size_t i = 0; i < sizeof block; i++)
			block[i] = pattern(sent + i);
		n = send(client, block, sizeof block, MSG_NOSIGNAL);
		if (n > 0) {
			sent += (size_t)n;
			assert_true(sent < ((size_t)256 << 20));
			continue;
		}
		assert_true(errno == EAGAIN || errno == EWOULDBLOCK);
		struct pollfd room = {.fd = client, .events = POLLOUT};
		if (poll(&room, 1, 300) == 0)
			return sent;
	}
}

static void
a_client_that_stops_reading_does_not_stall_the_others(void **state)
{
	fixture *f = *state;
	int stalled = support_connect(f->server.address);
	int other = support_connect(f->server.address);
	size_t sent, received = 0;
	static char block[65536];

	assert_true(stalled >= 0 && other >= 0);
	assert_echo(other, "before\n");
	sent = send_until_stalled(stalled, 0);

	/* The server's replies to `stalled` fill its socket; a blocking write
	 * would hang it here. It goes on serving the other client. */
	assert_echo(other, "still served while the other one does not read\n");
	int third = support_connect(f->server.address);
	assert_true(third >= 0);
	assert_echo(third, "and a new client too\n");
	close(third);

	/* Now it reads: every byte it sent comes back, in order, none lost —
	 * the unfinished last line too, once the server sees the end of input. */
	shutdown(stalled, SHUT_WR);
	while (received < sent) {
		size_t want = sent - received < sizeof block ? sent - received : sizeof block;

		assert_int_equal(support_recv_exact(stalled, block, want, SUPPORT_WAIT_MS), 0);
		for (size_t i = 0; i < want; i++) {
			if (block[i] != pattern(received + i))
				fail_msg("byte %zu differs", received + i);
		}
		received += want;
	}
	assert_true(support_peer_closed(stalled, SUPPORT_WAIT_MS));
	assert_echo(other, "after\n");
	close(stalled);
	close(other);
}

/* ---- resets ---- */

static void
a_client_that_resets_is_dropped_and_the_others_served(void **state)
{
	fixture *f = *state;
	int other = support_connect(f->server.address);
	int rude = support_connect(f->server.address);

	assert_true(other >= 0 && rude >= 0);
	assert_echo(rude, "about to reset\n");
	support_close_with_reset(rude);
	assert_int_equal(wait_for_log_lines(&f->server, "dropped", NULL, 1), 0);
	assert_echo(other, "still here\n");

	/* reset with replies still waiting to be sent to it */
	rude = support_connect(f->server.address);
	assert_true(rude >= 0);
	send_until_stalled(rude, 0);
	support_close_with_reset(rude);
	assert_int_equal(wait_for_log_lines(&f->server, "dropped", NULL, 1), 0);
	assert_echo(other, "still here after the second reset\n");
	close(other);
}

/* ---- fds ---- */

static void
clients_come_and_go_and_no_fd_is_leaked(void **state)
{
	fixture *f = *state;
	enum { N = 40 };
	int clients[N], before = process_fd_count(f->server.pid);

	assert_true(before > 0);
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < N; i++) {
			clients[i] = support_connect(f->server.address);
			assert_true(clients[i] >= 0);
		}
		for (int i = 0; i < N; i++)
			assert_echo(clients[i], "hi\n");
		assert_true(process_fd_count(f->server.pid) >= before + N);
		for (int i = 0; i < N; i++) {
			if (i % 4 == 0)
				support_close_with_reset(clients[i]);
			else
				close(clients[i]);
		}
		assert_int_equal(wait_for_log_lines(&f->server, " left", " dropped", N), 0);
		assert_int_equal(process_fd_count(f->server.pid), before);
	}
}

/* ---- past FD_SETSIZE ---- */

/* More clients than select() can watch. With --backend select the server
 * refuses each client whose fd would be >= FD_SETSIZE — a clear message,
 * that client closed — and goes on serving the others; under AddressSanitizer
 * an FD_SET past the end of the set would be caught. With poll, all are
 * served. (main() raised the soft fd limit, which the server inherits.) */
static void
clients_past_fd_setsize(void **state)
{
	fixture *f = *state;
	enum { N = FD_SETSIZE + 16 };
	static int clients[N];
	struct rlimit limit;

	getrlimit(RLIMIT_NOFILE, &limit);
	if (limit.rlim_cur < N + 64)
		skip(); /* the hard limit does not allow that many fds */
	for (int i = 0; i < N; i++) {
		clients[i] = support_connect(f->server.address);
		assert_true(clients[i] >= 0);
	}
	if (strcmp(f->backend, "select") == 0) {
		assert_int_equal(wait_for_log_lines(&f->server, "FD_SETSIZE", NULL, 1), 0);
		assert_true(support_peer_closed(clients[N - 1], SUPPORT_WAIT_MS));
	} else {
		/* (reading the log also keeps the server from blocking on a full stderr pipe) */
		assert_int_equal(wait_for_log_lines(&f->server, "connected", NULL, N), 0);
		assert_echo(clients[N - 1], "beyond FD_SETSIZE\n");
	}
	assert_echo(clients[0], "the first clients are still served\n");
	for (int i = 0; i < N; i++)
		close(clients[i]);
}

/* ---- the limit ---- */

/* The seeds' point: select serves many clients with one thread only while
 * every request is short. `slow` asks for a 0.3 s request; while it runs,
 * `quick` sends a one-line request. Its reply comes only after the slow
 * one's: when `quick` first has something to read, `slow` already has. */
static void
one_slow_request_stalls_everyone(void **state)
{
	fixture *f = *state;
	int slow = support_connect(f->server.address);
	int quick = support_connect(f->server.address);
	char reply[16];

	assert_true(slow >= 0 && quick >= 0);
	assert_echo(quick, "warm up\n"); /* accepted and served: it is in the loop */
	assert_int_equal(support_send_all(slow, "sleep 0.3\n", 10), 0);
	assert_int_equal(support_wait_for_line(f->server.stderr_fd, "slow request", SUPPORT_WAIT_MS), 0);
	/* the loop is now asleep inside the slow request */
	assert_int_equal(support_send_all(quick, "quick\n", 6), 0);

	struct pollfd both[2] = {{.fd = slow, .events = POLLIN}, {.fd = quick, .events = POLLIN}};
	assert_int_equal(poll(both, 2, SUPPORT_WAIT_MS) > 0, 1);
	assert_true(both[0].revents & POLLIN); /* the slow reply is first, or at least not later */
	assert_int_equal(support_recv_exact(slow, reply, 10, SUPPORT_WAIT_MS), 0);
	assert_memory_equal(reply, "sleep 0.3\n", 10);
	assert_int_equal(support_recv_exact(quick, reply, 6, SUPPORT_WAIT_MS), 0);
	assert_memory_equal(reply, "quick\n", 6);
	close(slow);
	close(quick);
}

/* ---- conventions ---- */

static void
sigint_stops_it_cleanly_with_clients_connected(void **state)
{
	fixture *f = *state;
	int clients[3];

	for (int i = 0; i < 3; i++) {
		clients[i] = support_connect(f->server.address);
		assert_true(clients[i] >= 0);
		assert_echo(clients[i], "hi\n");
	}
	assert_int_equal(support_stop(&f->server, SIGINT), 0);
	for (int i = 0; i < 3; i++) {
		assert_true(support_peer_closed(clients[i], SUPPORT_WAIT_MS));
		close(clients[i]);
	}
}

static void
bad_arguments_exit_2_with_usage(void **state)
{
	static const char *const cases[][6] = {
		{NULL},
		{"--listen", NULL},
		{"--listen", "127.0.0.1:0", "extra", NULL},
		{"--listen", "127.0.0.1:0", "--backend", "epoll", NULL},
		{"--bogus", NULL},
	};

	(void)state;
	support_watchdog(60);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		support_process program;
		assert_int_equal(support_start(&program, "select-echo", cases[i], false), 0);
		assert_int_equal(support_wait_for_line(program.stderr_fd, "usage:", SUPPORT_WAIT_MS), 0);
		assert_int_equal(support_stop(&program, 0), 2);
	}
}

static void
an_address_in_use_exits_1_naming_it(void **state)
{
	fixture *f = *state;
	const char *const args[] = {"--listen", f->server.address, NULL};
	support_process second;

	assert_int_equal(support_start(&second, "select-echo", args, false), 0);
	assert_int_equal(support_wait_for_line(second.stderr_fd, f->server.address, SUPPORT_WAIT_MS), 0);
	assert_int_equal(support_stop(&second, 0), 1);
}

#define BOTH(test)                                                       \
	{"select: " #test, test, start_server, stop_server, (void *)"select"}, \
	{"poll: " #test, test, start_server, stop_server, (void *)"poll"}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(echoes_lines_partial_lines_and_long_lines),
		BOTH(many_concurrent_clients_every_byte_verified),
		BOTH(a_client_that_stops_reading_does_not_stall_the_others),
		BOTH(a_client_that_resets_is_dropped_and_the_others_served),
		BOTH(clients_come_and_go_and_no_fd_is_leaked),
		BOTH(clients_past_fd_setsize),
		BOTH(one_slow_request_stalls_everyone),
		BOTH(sigint_stops_it_cleanly_with_clients_connected),
		cmocka_unit_test(bad_arguments_exit_2_with_usage),
		{"an_address_in_use_exits_1_naming_it", an_address_in_use_exits_1_naming_it,
		 start_server, stop_server, (void *)"poll"},
	};

	struct rlimit limit;

	/* Room for FD_SETSIZE clients and more, here and in the servers started. */
	if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < 4096) {
		limit.rlim_cur = limit.rlim_max == RLIM_INFINITY || limit.rlim_max > 4096 ? 4096 : limit.rlim_max;
		setrlimit(RLIMIT_NOFILE, &limit);
	}
	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
