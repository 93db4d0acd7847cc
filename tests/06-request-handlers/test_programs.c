/* test_programs.c — chapter 6's programs as a reader runs them: upper-lines
 * over all four kinds, menu-10086, and hostile-server against
 * hostile-clients; plus the program conventions (--help, bad arguments,
 * SIGTERM). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "support.h"
#include "tcp_server.h"

static const char *temp_dir;

static int
setup(void **state)
{
	(void)state;
	temp_dir = support_temp_dir();
	return temp_dir ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	support_remove_temp_dir(temp_dir);
	return 0;
}

static void
expect_bytes(int fd, const char *expected)
{
	size_t length = strlen(expected);
	char buffer[512];

	if (support_recv_exact(fd, buffer, length, SUPPORT_WAIT_MS) == -1)
		fail_msg("did not receive \"%s\"", expected);
	buffer[length] = '\0';
	assert_string_equal(buffer, expected);
}

/* ---- upper-lines ---------------------------------------------------------- */

static void
upper_lines_stream(const char *kind, const char *address)
{
	support_process server;
	const char *args[] = {"--kind", kind, "--listen", address, NULL};

	assert_int_equal(support_start(&server, "upper-lines", args, true), 0);
	int client = strcmp(kind, "tcp") == 0 ? support_connect(server.address)
	                                       : support_connect_unix(server.address, SOCK_STREAM);
	assert_true(client >= 0);
	/* two lines in one send, then one in two pieces */
	assert_int_equal(support_send_all(client, "client1111\nMixed Case 42\nha", 27), 0);
	expect_bytes(client, "CLIENT1111\nMIXED CASE 42\n");
	assert_int_equal(support_send_all(client, "lf\n", 3), 0);
	expect_bytes(client, "HALF\n");
	close(client);
	assert_int_equal(support_stop(&server, SIGTERM), 0);
}

static void
upper_lines_datagram(const char *kind, const char *address)
{
	support_process server;
	const char *args[] = {"--kind", kind, "--listen", address, NULL};
	ss_address to;
	char reply[64];
	int client;

	assert_int_equal(support_start(&server, "upper-lines", args, true), 0);
	if (strcmp(kind, "udp") == 0) {
		assert_int_equal(ss_address_parse(server.address, &to), 0);
		client = socket(ss_address_family(&to), SOCK_DGRAM, 0);
	} else {
		ss_address mine;
		char path[256];
		snprintf(path, sizeof path, "%s/client.sock", temp_dir);
		assert_int_equal(ss_unix_address_parse(server.address, &to), 0);
		assert_int_equal(ss_unix_address_parse(path, &mine), 0);
		client = socket(AF_UNIX, SOCK_DGRAM, 0);
		assert_int_equal(bind(client, (struct sockaddr *)&mine.storage, mine.length), 0);
	}
	assert_int_equal(connect(client, (struct sockaddr *)&to.storage, to.length), 0);
	assert_int_equal(send(client, "ping\npong", 9, 0), 9);
	assert_int_equal(support_wait_readable(client, SUPPORT_WAIT_MS), 1);
	assert_int_equal(recv(client, reply, sizeof reply, 0), 9);
	assert_memory_equal(reply, "PING\nPONG", 9);
	close(client);
	assert_int_equal(support_stop(&server, SIGINT), 0);
}

static void
upper_lines_over_all_four_kinds(void **state)
{
	char path[256];

	(void)state;
	upper_lines_stream("tcp", "127.0.0.1:0");
	snprintf(path, sizeof path, "%s/stream.sock", temp_dir);
	upper_lines_stream("unix-stream", path);
	upper_lines_datagram("udp", "127.0.0.1:0");
	snprintf(path, sizeof path, "%s/dgram.sock", temp_dir);
	upper_lines_datagram("unix-dgram", path);
}

/* ---- menu-10086 -------------------------------------------------------------- */

static void
the_10086_menu_answers_each_line(void **state)
{
	support_process server;
	const char *args[] = {"--listen", "127.0.0.1:0", NULL};

	(void)state;
	assert_int_equal(support_start(&server, "menu-10086", args, true), 0);
	int client = support_connect(server.address);
	assert_true(client >= 0);
	assert_int_equal(support_send_all(client, "hello\n1001\n0\n9\nexit\n", 20), 0);
	expect_bytes(client, "Welcome to 10086. Send 1xxx for a service, 0 for an operator, exit to hang up.\n");
	expect_bytes(client, "Service 1001: your balance is 10.86 yuan.\n");
	expect_bytes(client, "Connecting you to an operator; calls may be recorded.\n");
	expect_bytes(client, "Please try again: 1xxx, 0 or exit.\n");
	expect_bytes(client, "Thank you for calling 10086. Goodbye.\n");
	assert_true(support_peer_closed(client, SUPPORT_WAIT_MS)); /* exit hangs up */
	close(client);
	assert_int_equal(support_stop(&server, SIGTERM), 0);
}

/* ---- the hostile clients ------------------------------------------------------------ */

static void
hostile_clients_get_their_errors_and_polite_ones_their_answers(void **state)
{
	support_process server, clients;
	const char *server_args[] = {"--listen", "127.0.0.1:0", "--timeout", "0.5", "--max-line", "100", NULL};
	char line[512];
	int polite = 0;

	(void)state;
	assert_int_equal(support_start(&server, "hostile-server", server_args, true), 0);
	const char *client_args[] = {"--connect", server.address, "--max-line", "100", NULL};
	assert_int_equal(support_start(&clients, "hostile-clients", client_args, false), 0);
	bool oversize = false, silent = false, trickle = false;
	while (support_read_line(clients.stdout_fd, line, sizeof line, SUPPORT_WAIT_MS) >= 0) {
		polite += strstr(line, "polite client: \"you said: hello\"") != NULL;
		oversize |= strstr(line, "oversize: the server said \"error: line too long") != NULL;
		silent |= strstr(line, "silent: the server said \"error: timed out") != NULL;
		trickle |= strstr(line, "trickle:") != NULL && strstr(line, "\"error: timed out") != NULL;
	}
	assert_int_equal(support_stop(&clients, 0), 0);
	if (polite != 5)
		fail_msg("5 polite clients should have been answered, %d were", polite);
	assert_true(oversize);
	assert_true(silent);
	assert_true(trickle);
	/* and the server reported each through handle_error */
	assert_int_equal(support_wait_for_line(server.stderr_fd, "line too long", SUPPORT_WAIT_MS), 0);
	assert_int_equal(support_wait_for_line(server.stderr_fd, "timed out", SUPPORT_WAIT_MS), 0);
	assert_int_equal(support_wait_for_line(server.stderr_fd, "timed out", SUPPORT_WAIT_MS), 0);
	assert_int_equal(support_wait_for_line(server.stderr_fd, "Connection reset", SUPPORT_WAIT_MS), 0);
	assert_int_equal(support_stop(&server, SIGTERM), 0);
}

/* ---- conventions ----------------------------------------------------------------------- */

static void
help_exits_0_and_bad_arguments_exit_2(void **state)
{
	static const char *const programs[] = {"upper-lines", "menu-10086", "hostile-server",
	                                       "hostile-clients"};
	support_process p;

	(void)state;
	for (size_t i = 0; i < sizeof programs / sizeof programs[0]; i++) {
		const char *help[] = {"--help", NULL};
		const char *bad[] = {"--no-such-option", NULL};
		char line[256];
		assert_int_equal(support_start(&p, programs[i], help, false), 0);
		assert_true(support_read_line(p.stdout_fd, line, sizeof line, SUPPORT_WAIT_MS) > 0);
		assert_non_null(strstr(line, "usage:"));
		assert_int_equal(support_stop(&p, 0), 0);
		assert_int_equal(support_start(&p, programs[i], bad, false), 0);
		assert_int_equal(support_stop(&p, 0), 2);
	}
	/* an address in use: cannot listen, exit status 1 */
	ss_address taken;
	char text[SS_ADDRESS_TEXT_MAX];
	int holder = ss_listen("127.0.0.1:0", 1, false, &taken);
	assert_true(holder >= 0);
	const char *busy[] = {"--kind", "tcp", "--listen", ss_address_format(&taken, text, sizeof text), NULL};
	assert_int_equal(support_start(&p, "upper-lines", busy, false), 0);
	assert_int_equal(support_stop(&p, 0), 1);
	close(holder);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(upper_lines_over_all_four_kinds),
		T(the_10086_menu_answers_each_line),
		T(hostile_clients_get_their_errors_and_polite_ones_their_answers),
		T(help_exits_0_and_bad_arguments_exit_2),
#undef T
	};

	support_watchdog(120);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
