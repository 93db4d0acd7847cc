/* test_reference_servers.c — the bare C echo servers the benchmark measures
 * against are line echoes that keep the program conventions: a line comes
 * back whole even when it arrives in pieces, several lines in one segment
 * come back, a line longer than the server's buffer still comes back byte
 * for byte, many clients at once are served (epoll, thread), SIGTERM and
 * SIGINT end them with status 0, --help and bad arguments as DESIGN.md says. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support.h"

static const char *const servers[] = {"bench-epoll-echo", "bench-thread-echo", "bench-iterative-echo"};
enum { SERVERS = sizeof servers / sizeof servers[0] };

static int
setup(void **state)
{
	(void)state;
	support_watchdog(120);
	return 0;
}

static void
start(support_process *p, const char *server)
{
	const char *args[] = {"--listen", "127.0.0.1:0", NULL};
	assert_int_equal(support_start(p, server, args, true), 0);
}

static void
expect(int fd, const char *text, size_t length)
{
	char *reply = malloc(length);
	assert_non_null(reply);
	assert_int_equal(support_recv_exact(fd, reply, length, SUPPORT_WAIT_MS), 0);
	assert_memory_equal(reply, text, length);
	free(reply);
}

static void
test_lines_come_back_whole(void **state)
{
	(void)state;
	for (int s = 0; s < SERVERS; s++) {
		support_process p;
		start(&p, servers[s]);
		int fd = support_connect(p.address);
		assert_true(fd >= 0);

		assert_int_equal(support_send_all(fd, "hello\n", 6), 0);
		expect(fd, "hello\n", 6);
		/* a line in two pieces: nothing comes back before its end */
		assert_int_equal(support_send_all(fd, "in two ", 7), 0);
		assert_int_equal(support_wait_readable(fd, 100), 0);
		assert_int_equal(support_send_all(fd, "pieces\n", 7), 0);
		expect(fd, "in two pieces\n", 14);
		/* two lines in one segment */
		assert_int_equal(support_send_all(fd, "one\ntwo\n", 8), 0);
		expect(fd, "one\ntwo\n", 8);
		close(fd);
		assert_int_equal(support_stop(&p, SIGTERM), 0);
	}
}

static void
test_a_line_longer_than_the_buffer(void **state)
{
	(void)state;
	size_t length = 100000; /* the servers' buffers hold 16 KiB */
	char *line = malloc(length);
	assert_non_null(line);
	for (size_t i = 0; i < length; i++)
		line[i] = (char)('a' + i % 26);
	line[length - 1] = '\n';
	for (int s = 0; s < SERVERS; s++) {
		support_process p;
		start(&p, servers[s]);
		int fd = support_connect(p.address);
		assert_true(fd >= 0);
		/* send and receive in turns of 8 KiB so neither side's buffers fill */
		for (size_t at = 0; at < length; at += 8192) {
			size_t n = length - at < 8192 ? length - at : 8192;
			assert_int_equal(support_send_all(fd, line + at, n), 0);
			if (at + n == length || (at + n) % 16384 == 0) {
				size_t from = at + n == length ? (at + n - 1) / 16384 * 16384 : at + n - 16384;
				expect(fd, line + from, at + n - from);
			}
		}
		close(fd);
		assert_int_equal(support_stop(&p, SIGINT), 0);
	}
	free(line);
}

static void
test_many_clients_at_once(void **state)
{
	(void)state;
	enum { CLIENTS = 50 };
	for (int s = 0; s < 2; s++) { /* the concurrent ones */
		support_process p;
		int fds[CLIENTS];
		start(&p, servers[s]);
		for (int i = 0; i < CLIENTS; i++) {
			fds[i] = support_connect(p.address);
			assert_true(fds[i] >= 0);
		}
		for (int i = CLIENTS - 1; i >= 0; i--) { /* the last one first */
			char line[32];
			int n = snprintf(line, sizeof line, "client %d\n", i);
			assert_int_equal(support_send_all(fds[i], line, (size_t)n), 0);
			expect(fds[i], line, (size_t)n);
		}
		for (int i = 0; i < CLIENTS; i++)
			close(fds[i]);
		assert_int_equal(support_stop(&p, SIGTERM), 0);
	}
}

static void
test_program_conventions(void **state)
{
	(void)state;
	for (int s = 0; s < SERVERS; s++) {
		support_process p;
		const char *help[] = {"--help", NULL};
		const char *none[] = {NULL};
		const char *bad_backlog[] = {"--listen", "127.0.0.1:0", "--backlog", "x", NULL};
		const char *bad_address[] = {"--listen", "127.0.0.1:99999", NULL};

		assert_int_equal(support_start(&p, servers[s], help, false), 0);
		assert_int_equal(support_wait_for_line(p.stdout_fd, "usage:", SUPPORT_WAIT_MS), 0);
		assert_int_equal(support_stop(&p, 0), 0);
		assert_int_equal(support_start(&p, servers[s], none, false), 0);
		assert_int_equal(support_stop(&p, 0), 2);
		assert_int_equal(support_start(&p, servers[s], bad_backlog, false), 0);
		assert_int_equal(support_stop(&p, 0), 2);
		assert_int_equal(support_start(&p, servers[s], bad_address, false), 0);
		assert_int_equal(support_stop(&p, 0), 1);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines_come_back_whole),
		cmocka_unit_test(test_a_line_longer_than_the_buffer),
		cmocka_unit_test(test_many_clients_at_once),
		cmocka_unit_test(test_program_conventions),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
