/* test_loadgen.c — the load generator checks what it measures: a correct
 * echo passes, a corrupted or overlong reply is caught and fails the run, a
 * connection the server never answers is counted starved, and an address
 * off this machine is refused before any socket is opened.
 *
 * The servers are threads of this test (accept thread + a thread per
 * connection), so each misbehaviour is exact: "reply number 10 has one byte
 * flipped", "the first connection accepted gets no answer". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net.h"
#include "support.h"

/* A line-echo server with one deliberate fault. */
typedef struct test_server {
	int listener;
	char address[SS_ADDRESS_TEXT_MAX];
	long corrupt_reply;  /* flip a byte of this reply (1-based, all connections); 0: none */
	long overlong_reply; /* add a byte to this reply; 0: none */
	bool ignore_first;   /* never answer the first connection accepted */
	atomic_long replies;
	pthread_t acceptor;
	long accepted;
	/* connection threads are detached (--short makes thousands); the test
	 * waits for the number still running to reach 0 */
	pthread_mutex_t lock;
	pthread_cond_t all_done;
	int running;
} test_server;

typedef struct connection {
	test_server *server;
	int fd;
	bool silent;
} connection;

static void *
serve_connection(void *argument)
{
	connection *c = argument;
	char buffer[8192];
	ssize_t n;

	while ((n = recv(c->fd, buffer, sizeof buffer - 1, 0)) > 0) {
		if (c->silent)
			continue; /* read, never answer */
		/* loadgen sends the next line only after the whole reply: one
		 * recv is one request here (lines are small). */
		long number = atomic_fetch_add(&c->server->replies, 1) + 1;
		if (number == c->server->corrupt_reply)
			buffer[n / 2] ^= 0x20;
		if (number == c->server->overlong_reply)
			buffer[n++] = '!';
		if (support_send_all(c->fd, buffer, (size_t)n) != 0)
			break;
	}
	close(c->fd);
	test_server *server = c->server;
	free(c);
	pthread_mutex_lock(&server->lock);
	if (--server->running == 0)
		pthread_cond_signal(&server->all_done);
	pthread_mutex_unlock(&server->lock);
	return NULL;
}

static void *
accept_connections(void *argument)
{
	test_server *server = argument;

	for (;;) {
		int fd = accept(server->listener, NULL, NULL);
		if (fd == -1) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			return NULL; /* shutdown() of the listener: the test is over */
		}
		connection *c = malloc(sizeof *c);
		pthread_t thread;
		if (c == NULL) {
			close(fd);
			continue;
		}
		*c = (connection){.server = server, .fd = fd, .silent = server->ignore_first && server->accepted++ == 0};
		pthread_mutex_lock(&server->lock);
		server->running++;
		pthread_mutex_unlock(&server->lock);
		if (pthread_create(&thread, NULL, serve_connection, c) != 0)
			abort(); /* no cmocka assertion outside the test's own thread */
		pthread_detach(thread);
	}
}

static void
server_start(test_server *server)
{
	ss_address bound;

	pthread_mutex_init(&server->lock, NULL);
	pthread_cond_init(&server->all_done, NULL);
	server->listener = ss_listen("127.0.0.1:0", 1024, true, &bound);
	assert_int_not_equal(server->listener, -1);
	ss_address_format(&bound, server->address, sizeof server->address);
	assert_int_equal(pthread_create(&server->acceptor, NULL, accept_connections, server), 0);
}

/* After loadgen has exited: its connections are closed, so every connection
 * thread has seen EOF; wake the acceptor and join everyone. */
static void
server_stop(test_server *server)
{
	shutdown(server->listener, SHUT_RDWR);
	pthread_join(server->acceptor, NULL);
	pthread_mutex_lock(&server->lock);
	while (server->running > 0)
		pthread_cond_wait(&server->all_done, &server->lock);
	pthread_mutex_unlock(&server->lock);
	close(server->listener);
	pthread_cond_destroy(&server->all_done);
	pthread_mutex_destroy(&server->lock);
}

/* What one loadgen run printed and how it ended. */
typedef struct run {
	int status;
	char result[2048]; /* the loadgen-result line */
	char errors[4096]; /* its stderr */
} run;

static void
read_all_lines(int fd, char *into, size_t size, const char *only_prefix)
{
	char line[2048];
	size_t used = 0;

	into[0] = '\0';
	while (support_read_line(fd, line, sizeof line, SUPPORT_WAIT_MS) >= 0) {
		if (only_prefix != NULL && strncmp(line, only_prefix, strlen(only_prefix)) != 0)
			continue;
		used += (size_t)snprintf(into + used, size - used, "%s\n", line);
		if (used >= size)
			break;
	}
}

static void
run_loadgen(run *r, const char *const args[])
{
	support_process p;

	assert_int_equal(support_start(&p, "loadgen", args, false), 0);
	read_all_lines(p.stdout_fd, r->result, sizeof r->result, "loadgen-result ");
	read_all_lines(p.stderr_fd, r->errors, sizeof r->errors, NULL);
	r->status = support_stop(&p, 0);
}

/* The number after " key=" in the result line; fails the test if absent. */
static double
value(const run *r, const char *key)
{
	char pattern[64];
	snprintf(pattern, sizeof pattern, " %s=", key);
	const char *at = strstr(r->result, pattern);
	if (at == NULL)
		fail_msg("no %s in '%s'", key, r->result);
	return strtod(at + strlen(pattern), NULL);
}

static int
setup(void **state)
{
	(void)state;
	support_watchdog(120);
	ss_reserve_fd_init();
	return 0;
}

static void
test_a_correct_echo_passes(void **state)
{
	(void)state;
	int fds = support_fd_count();
	test_server server = {0};
	run r;

	server_start(&server);
	/* two event loops (threads) of two clients each */
	const char *args[] = {"--connect", server.address, "--persistent", "--connections", "4",
	                      "--threads", "2", "--duration", "0.5", "--warmup", "0.1", NULL};
	run_loadgen(&r, args);
	server_stop(&server);
	assert_int_equal(r.status, 0);
	assert_true(value(&r, "requests") > 0);
	assert_true(value(&r, "rps") > 0);
	assert_true(value(&r, "p50_us") > 0);
	assert_true(value(&r, "p50_us") <= value(&r, "p99_us"));
	assert_true(value(&r, "p99_us") <= value(&r, "p999_us"));
	assert_true(value(&r, "p999_us") <= value(&r, "max_us"));
	assert_int_equal(value(&r, "mismatches"), 0);
	assert_int_equal(value(&r, "disconnects"), 0);
	assert_int_equal(value(&r, "starved"), 0);
	assert_int_equal(value(&r, "connects"), 4); /* persistent: one each, for the whole run */
	assert_int_equal(support_fd_count(), fds);
}

static void
test_short_connections_reconnect_every_request(void **state)
{
	(void)state;
	test_server server = {0};
	run r;

	server_start(&server);
	const char *args[] = {"--connect", server.address, "--short", "--connections", "3",
	                      "--payload", "200", "--duration", "0.5", "--warmup", "0", NULL};
	run_loadgen(&r, args);
	server_stop(&server);
	assert_int_equal(r.status, 0);
	assert_true(value(&r, "requests") > 3);
	/* a connection per request (and the ones cut off by the end) */
	assert_true(value(&r, "connects") >= value(&r, "requests"));
	assert_true(value(&r, "connects") <= value(&r, "requests") + 3);
	assert_int_equal(value(&r, "payload"), 200);
}

static void
test_a_corrupted_reply_fails_the_run(void **state)
{
	(void)state;
	test_server server = {.corrupt_reply = 10};
	run r;

	server_start(&server);
	const char *args[] = {"--connect", server.address, "--persistent", "--connections", "2",
	                      "--duration", "0.5", "--warmup", "0", NULL};
	run_loadgen(&r, args);
	server_stop(&server);
	assert_int_equal(r.status, 1);
	assert_int_equal(value(&r, "mismatches"), 1);
	assert_non_null(strstr(r.errors, "reply differs at byte"));
	assert_true(value(&r, "requests") > 10); /* it went on measuring the others */
}

static void
test_an_overlong_reply_fails_the_run(void **state)
{
	(void)state;
	test_server server = {.overlong_reply = 5};
	run r;

	server_start(&server);
	const char *args[] = {"--connect", server.address, "--persistent", "--connections", "1",
	                      "--duration", "0.3", "--warmup", "0", NULL};
	run_loadgen(&r, args);
	server_stop(&server);
	assert_int_equal(r.status, 1);
	assert_int_equal(value(&r, "mismatches"), 1);
	assert_non_null(strstr(r.errors, "longer than"));
}

static void
test_a_connection_never_answered_is_starved(void **state)
{
	(void)state;
	test_server server = {.ignore_first = true};
	run r;

	server_start(&server);
	const char *args[] = {"--connect", server.address, "--persistent", "--connections", "3",
	                      "--duration", "0.5", "--warmup", "0", NULL};
	run_loadgen(&r, args);
	server_stop(&server);
	assert_int_equal(r.status, 0); /* starvation is a measurement, not a wrong reply */
	assert_int_equal(value(&r, "starved"), 1);
	assert_int_equal(value(&r, "mismatches"), 0);
	assert_true(value(&r, "requests") > 0); /* the other two were served */
}

static void
test_an_address_off_this_machine_is_refused(void **state)
{
	(void)state;
	run r;
	/* 192.0.2.1 is TEST-NET-1 (RFC 5737): refused before any socket exists. */
	const char *args[] = {"--connect", "192.0.2.1:7", "--duration", "0.1", NULL};

	run_loadgen(&r, args);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.errors, "not a loopback address"));
	assert_string_equal(r.result, "");
}

static void
test_help_and_bad_arguments(void **state)
{
	(void)state;
	run r;
	const char *help[] = {"--help", NULL};
	const char *both[] = {"--connect", "127.0.0.1:7", "--short", "--persistent", NULL};
	const char *zero[] = {"--connect", "127.0.0.1:7", "--connections", "0", NULL};

	run_loadgen(&r, help);
	assert_int_equal(r.status, 0);
	run_loadgen(&r, both);
	assert_int_equal(r.status, 2);
	run_loadgen(&r, zero);
	assert_int_equal(r.status, 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_correct_echo_passes),
		cmocka_unit_test(test_short_connections_reconnect_every_request),
		cmocka_unit_test(test_a_corrupted_reply_fails_the_run),
		cmocka_unit_test(test_an_overlong_reply_fails_the_run),
		cmocka_unit_test(test_a_connection_never_answered_is_starved),
		cmocka_unit_test(test_an_address_off_this_machine_is_refused),
		cmocka_unit_test(test_help_and_bad_arguments),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
