/* test_prog_voice_menu.c — voice-menu, the 10086 menu of seed 000, served
 * by hand (--by-hand), on ThreadingTCPServer and on ForkingTCPServer: two
 * callers at once, every answer checked; on TCPServer the second caller
 * waits; voice-menu-client's call; the program conventions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "support.h"
#include "fd_fixture.h"

#define GREETING "欢迎致电 10086,请输入1xxx,0转人工服务."
#define RECORDING "通过可能会被录音.balabala一大推"
#define REENTER "请重新输入."

static int
setup(void **state)
{
	(void)state;
	support_watchdog(120);
	return 0;
}

/* Start voice-menu with one option (--by-hand, or --server CLASS). */
static void
start(support_process *server, const char *mode)
{
	const char *by_hand[] = {"--listen", "127.0.0.1:0", "--by-hand", NULL};
	const char *on_class[] = {"--listen", "127.0.0.1:0", "--server", mode, NULL};

	assert_int_equal(support_start(server, "voice-menu",
	                               strcmp(mode, "--by-hand") == 0 ? by_hand : on_class, true),
	                 0);
}

static void
stop(support_process *server, int signal_number)
{
	assert_int_equal(support_stop(server, signal_number), 0);
}

/* The next line from the menu must be expected. */
static void
hear(int caller, const char *expected)
{
	char line[512];

	if (support_read_line(caller, line, sizeof line, SUPPORT_WAIT_MS) < 0)
		fail_msg("the menu said nothing; expected \"%s\"", expected);
	assert_string_equal(line, expected);
}

static void
say(int caller, const char *text)
{
	assert_int_equal(support_send_all(caller, text, strlen(text)), 0);
	assert_int_equal(support_send_all(caller, "\n", 1), 0);
}

static int
call(const support_process *server)
{
	int caller = support_connect(server->address);

	assert_true(caller >= 0);
	return caller;
}

/* Two callers connected at once, both greeted before either hangs up, their
 * answers interleaved: the server holds two conversations at the same time. */
static void
two_callers_at_once(const char *mode)
{
	support_process server;

	start(&server, mode);
	int first = call(&server);
	hear(first, GREETING);
	int second = call(&server);
	hear(second, GREETING); /* while the first call goes on */
	say(first, "0");
	say(second, "1234");
	hear(second, REENTER);
	hear(first, RECORDING);
	say(first, "exit");
	assert_true(support_peer_closed(first, SUPPORT_WAIT_MS));
	say(second, "0");
	hear(second, RECORDING);
	say(second, "exit");
	assert_true(support_peer_closed(second, SUPPORT_WAIT_MS));
	close(first);
	close(second);
	stop(&server, SIGTERM);
}

static void
by_hand_two_callers_at_once(void **state)
{
	(void)state;
	two_callers_at_once("--by-hand");
}

static void
threading_two_callers_at_once(void **state)
{
	(void)state;
	two_callers_at_once("ThreadingTCPServer");
}

static void
forking_two_callers_at_once(void **state)
{
	(void)state;
	two_callers_at_once("ForkingTCPServer");
}

/* TCPServer: while the first call goes on, the second caller is connected
 * (the kernel's backlog) but not greeted; it is when the first hangs up. */
static void
tcp_server_makes_the_second_caller_wait(void **state)
{
	(void)state;
	support_process server;
	char byte;

	start(&server, "TCPServer");
	int first = call(&server);
	hear(first, GREETING);
	int second = call(&server);
	say(first, "0");
	hear(first, RECORDING); /* the server is inside the first call's handle... */
	assert_int_equal(recv(second, &byte, 1, MSG_DONTWAIT), -1); /* ...so not greeting */
	assert_true(errno == EAGAIN || errno == EWOULDBLOCK);
	say(first, "exit");
	hear(second, GREETING);
	close(first);
	close(second);
	stop(&server, SIGINT);
}

/* Many lines at once, a CRLF line, an empty line, a line longer than the
 * menu's buffer: every one gets exactly one answer, in order. */
static void
odd_input_gets_one_answer_per_line(void **state)
{
	(void)state;
	support_process server;
	char long_line[3000];

	start(&server, "ThreadingTCPServer");
	int caller = call(&server);
	hear(caller, GREETING);
	assert_int_equal(support_send_all(caller, "0\n9\n0\r\n\n", 8), 0);
	hear(caller, RECORDING);
	hear(caller, REENTER);
	hear(caller, RECORDING);
	hear(caller, REENTER);
	memset(long_line, 'x', sizeof long_line - 1);
	long_line[sizeof long_line - 1] = '\0';
	say(caller, long_line); /* 2999 bytes: three pieces of at most 1023 */
	hear(caller, REENTER);
	hear(caller, REENTER);
	hear(caller, REENTER);
	say(caller, "0");
	hear(caller, RECORDING);
	close(caller);
	stop(&server, SIGTERM);
}

/* The client program: it prints what the menu says and what it answered. */
static void
voice_menu_client_makes_a_call(void **state)
{
	(void)state;
	support_process server, client;
	char line[512];

	start(&server, "ThreadingTCPServer");
	const char *args[] = {"--connect", server.address, "--timeout", "10", "0", "1234", "exit", NULL};
	assert_int_equal(support_start(&client, "voice-menu-client", args, false), 0);
	const char *expected[] = {
		"receive: " GREETING, "please input: 0", "receive: " RECORDING,
		"please input: 1234", "receive: " REENTER, "please input: exit",
		"(the server hung up)",
	};
	for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
		assert_true(support_read_line(client.stdout_fd, line, sizeof line, SUPPORT_WAIT_MS) >= 0);
		assert_string_equal(line, expected[i]);
	}
	assert_int_equal(support_stop(&client, 0), 0);
	stop(&server, SIGTERM);
}

/* SIGINT or SIGTERM while two callers are connected and silent: the
 * program ends, with status 0, without waiting for them to hang up. */
static void
stop_signal_mid_call(const char *mode, int signal_number)
{
	support_process server;

	start(&server, mode);
	int first = call(&server);
	hear(first, GREETING);
	int second = call(&server);
	if (strcmp(mode, "TCPServer") != 0)
		hear(second, GREETING);
	kill(server.pid, signal_number);
	bool ended = support_output_ended(&server, SUPPORT_WAIT_MS);
	close(first); /* now, if it did not end, it can */
	close(second);
	int status = support_stop(&server, 0);
	if (!ended)
		fail_msg("voice-menu %s was still running %d s after %s, with calls in progress "
		         "(a child or a handler thread did not see the stop)",
		         mode, SUPPORT_WAIT_MS / 1000, signal_number == SIGINT ? "SIGINT" : "SIGTERM");
	assert_int_equal(status, 0);
}

static void
by_hand_stop_signal_mid_call(void **state)
{
	(void)state;
	stop_signal_mid_call("--by-hand", SIGINT);
}

static void
threading_stop_signal_mid_call(void **state)
{
	(void)state;
	stop_signal_mid_call("ThreadingTCPServer", SIGTERM);
	stop_signal_mid_call("ThreadingTCPServer", SIGINT);
}

static void
tcp_server_stop_signal_mid_call(void **state)
{
	(void)state;
	stop_signal_mid_call("TCPServer", SIGTERM);
}

static void
forking_stop_signal_mid_call(void **state)
{
	(void)state;
	stop_signal_mid_call("ForkingTCPServer", SIGTERM);
}

/* ---- the program conventions ---------------------------------------------- */

static void
conventions(void **state)
{
	(void)state;
	char text[512];
	support_process server;
	const char *help[] = {"--help", NULL};
	const char *none[] = {NULL};
	const char *unknown[] = {"--listen", "127.0.0.1:0", "--server", "UDPServer", NULL};
	const char *both[] = {"--listen", "127.0.0.1:0", "--server", "TCPServer", "--by-hand", NULL};
	const char *extra[] = {"--listen", "127.0.0.1:0", "surplus", NULL};

	assert_int_equal(support_run_to_exit("voice-menu", help, true, text, sizeof text), 0);
	assert_non_null(strstr(text, "usage: voice-menu"));
	assert_int_equal(support_run_to_exit("voice-menu", none, false, text, sizeof text), 2);
	assert_non_null(strstr(text, "usage: voice-menu"));
	assert_int_equal(support_run_to_exit("voice-menu", unknown, false, text, sizeof text), 2);
	assert_non_null(strstr(text, "unknown server class 'UDPServer'"));
	assert_int_equal(support_run_to_exit("voice-menu", both, false, text, sizeof text), 2);
	assert_int_equal(support_run_to_exit("voice-menu", extra, false, text, sizeof text), 2);
	assert_int_equal(support_run_to_exit("voice-menu-client", help, true, text, sizeof text), 0);
	assert_int_equal(support_run_to_exit("voice-menu-client", none, false, text, sizeof text), 2);

	start(&server, "ThreadingTCPServer");
	const char *taken[] = {"--listen", server.address, NULL};
	assert_int_equal(support_run_to_exit("voice-menu", taken, false, text, sizeof text), 1);
	assert_non_null(strstr(text, server.address));
	const char *taken_by_hand[] = {"--listen", server.address, "--by-hand", NULL};
	assert_int_equal(support_run_to_exit("voice-menu", taken_by_hand, false, text, sizeof text), 1);
	assert_non_null(strstr(text, server.address));
	stop(&server, SIGTERM);
	/* No one listens there any more: the client says so, status 1. */
	const char *no_one[] = {"--connect", server.address, "exit", NULL};
	assert_int_equal(support_run_to_exit("voice-menu-client", no_one, false, text, sizeof text), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(by_hand_two_callers_at_once, count_fds, no_fd_leaked),
		cmocka_unit_test_setup_teardown(threading_two_callers_at_once, count_fds, no_fd_leaked),
		cmocka_unit_test_setup_teardown(forking_two_callers_at_once, count_fds, no_fd_leaked),
		cmocka_unit_test_setup_teardown(tcp_server_makes_the_second_caller_wait, count_fds, no_fd_leaked),
		cmocka_unit_test_setup_teardown(odd_input_gets_one_answer_per_line, count_fds, no_fd_leaked),
		cmocka_unit_test_setup_teardown(voice_menu_client_makes_a_call, count_fds, no_fd_leaked),
		cmocka_unit_test_setup_teardown(by_hand_stop_signal_mid_call, count_fds, no_fd_leaked),
		cmocka_unit_test_setup_teardown(threading_stop_signal_mid_call, count_fds, no_fd_leaked),
		cmocka_unit_test_setup_teardown(tcp_server_stop_signal_mid_call, count_fds, no_fd_leaked),
		cmocka_unit_test_setup_teardown(forking_stop_signal_mid_call, count_fds, no_fd_leaked),
		cmocka_unit_test_setup_teardown(conventions, count_fds, no_fd_leaked),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
