/* test_upper.c — the seeds' example, in C: upper-server and upper-client,
 * over TCP and over UDP. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "support.h"

static int
setup(void **state)
{
	(void)state;
	support_watchdog(60);
	return 0;
}

static void
upper_case_echo(const char *kind)
{
	support_process server, client;
	char line[128];
	const char *server_args[] = {"--kind", kind, "--listen", "127.0.0.1:0", NULL};

	assert_int_equal(support_start(&server, "upper-server", server_args, true), 0);
	const char *client_args[] = {"--kind", kind, "--connect", server.address,
	                             "client1111", "Mixed Case 42", NULL};
	assert_int_equal(support_start(&client, "upper-client", client_args, false), 0);
	assert_true(support_read_line(client.stdout_fd, line, sizeof line, SUPPORT_WAIT_MS) >= 0);
	assert_string_equal(line, "CLIENT1111");
	assert_true(support_read_line(client.stdout_fd, line, sizeof line, SUPPORT_WAIT_MS) >= 0);
	assert_string_equal(line, "MIXED CASE 42");
	assert_int_equal(support_stop(&client, 0), 0);
	assert_int_equal(support_stop(&server, SIGTERM), 0);
}

static void
upper_over_tcp(void **state)
{
	(void)state;
	upper_case_echo("tcp");
}

static void
upper_over_udp(void **state)
{
	(void)state;
	upper_case_echo("udp");
}

static void
the_client_fails_without_a_server(void **state)
{
	(void)state;
	support_process client;
	const char *args[] = {"--kind", "tcp", "--connect", "127.0.0.1:1", "x", NULL};
	const char *usage[] = {"--kind", "sctp", "--connect", "127.0.0.1:1", "x", NULL};

	assert_int_equal(support_start(&client, "upper-client", args, false), 0);
	assert_int_equal(support_stop(&client, 0), 1);
	assert_int_equal(support_start(&client, "upper-client", usage, false), 0);
	assert_int_equal(support_stop(&client, 0), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(upper_over_tcp),
		cmocka_unit_test(upper_over_udp),
		cmocka_unit_test(the_client_fails_without_a_server),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
