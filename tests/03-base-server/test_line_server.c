/* test_line_server.c — chapter 3's program, driven through its standard
 * input: a BaseServer serving lines, no socket anywhere. It answers, rejects
 * what verify_request turns away, survives a failing handler, stops on
 * "quit", at the end of input and on SIGINT/SIGTERM (status 0), times out in
 * --handle-request mode, and refuses bad arguments (status 2). Under
 * VARIANT=asan the program is built with LeakSanitizer, so status 0 also
 * means it leaked nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <string.h>

#include "line_server_process.h"
#include "support.h"

static line_server_process server;

static int
start_default(void **state)
{
	*state = &server;
	return line_server_start(&server, (const char *const[]){"--max-line", "20", NULL}, false);
}

static int
start_handle_request(void **state)
{
	*state = &server;
	return line_server_start(&server,
	                         (const char *const[]){"--handle-request", "--timeout", "0.1", NULL},
	                         false);
}

static void
assert_answer(line_server_process *process, const char *line, const char *answer)
{
	char got[256];

	assert_int_equal(line_server_send(process, line), 0);
	assert_true(support_read_line(process->stdout_fd, got, sizeof got, SUPPORT_WAIT_MS) >= 0);
	assert_string_equal(got, answer);
}

static void
answers_each_line_upper_cased(void **state)
{
	line_server_process *process = *state;

	assert_answer(process, "hello\n", "HELLO");
	assert_answer(process, "Hello, World 42!\n", "HELLO, WORLD 42!");
	line_server_close_input(process); /* the end of input ends it */
	assert_int_equal(line_server_wait(process, 0), 0);
}

static void
several_lines_at_once_are_all_served(void **state)
{
	line_server_process *process = *state;
	char got[64];

	assert_int_equal(line_server_send(process, "one\ntwo\nthree\n"), 0);
	for (int i = 0; i < 3; i++)
		assert_true(support_read_line(process->stdout_fd, got, sizeof got, SUPPORT_WAIT_MS) >= 0);
	assert_string_equal(got, "THREE");
	line_server_close_input(process); /* the end of input ends it */
	assert_int_equal(line_server_wait(process, 0), 0);
}

static void
verify_request_rejects_empty_and_long_lines(void **state)
{
	line_server_process *process = *state;

	assert_int_equal(line_server_send(process, "\n"), 0);
	assert_int_equal(support_wait_for_line(process->stderr_fd, "stdin line 1 rejected: empty line",
	                                       SUPPORT_WAIT_MS), 0);
	assert_int_equal(line_server_send(process, "this line has more than twenty bytes\n"), 0);
	assert_int_equal(support_wait_for_line(process->stderr_fd, "stdin line 2 rejected: line too long",
	                                       SUPPORT_WAIT_MS), 0);
	assert_answer(process, "still here\n", "STILL HERE"); /* and serving goes on */
	line_server_close_input(process); /* the end of input ends it */
	assert_int_equal(line_server_wait(process, 0), 0);
}

static void
a_failing_handler_reaches_handle_error_and_serving_goes_on(void **state)
{
	line_server_process *process = *state;

	assert_answer(process, "first\n", "FIRST");
	assert_int_equal(line_server_send(process, "fail\n"), 0);
	assert_int_equal(support_wait_for_line(process->stderr_fd,
	                                       "Exception occurred during processing of request from "
	                                       "stdin line 2", SUPPORT_WAIT_MS), 0);
	assert_int_equal(support_wait_for_line(process->stderr_fd, "the line says \"fail\"",
	                                       SUPPORT_WAIT_MS), 0);
	assert_answer(process, "after\n", "AFTER");
	line_server_close_input(process); /* the end of input ends it */
	assert_int_equal(line_server_wait(process, 0), 0);
}

/* shutdown() from the handler, on the serving thread: no deadlock; the line
 * after "quit" is never served. */
static void
quit_shuts_the_server_down_from_its_handler(void **state)
{
	line_server_process *process = *state;
	char got[64];

	assert_answer(process, "quit\nnever served\n", "bye");
	assert_int_equal(support_read_line(process->stdout_fd, got, sizeof got, SUPPORT_WAIT_MS), -1);
	assert_int_equal(line_server_wait(process, 0), 0);
}

static void
the_end_of_input_shuts_it_down(void **state)
{
	line_server_process *process = *state;
	char got[64];

	assert_int_equal(line_server_send(process, "last\n"), 0);
	line_server_close_input(process);
	assert_true(support_read_line(process->stdout_fd, got, sizeof got, SUPPORT_WAIT_MS) >= 0);
	assert_string_equal(got, "LAST");
	assert_int_equal(line_server_wait(process, 0), 0);
}

/* A last line without its newline is still a line. */
static void
a_last_line_without_newline_is_served(void **state)
{
	line_server_process *process = *state;
	char got[64];

	assert_int_equal(line_server_send(process, "no newline"), 0);
	line_server_close_input(process);
	assert_true(support_read_line(process->stdout_fd, got, sizeof got, SUPPORT_WAIT_MS) >= 0);
	assert_string_equal(got, "NO NEWLINE");
	assert_int_equal(line_server_wait(process, 0), 0);
}

static void
sigint_stops_it_cleanly(void **state)
{
	line_server_process *process = *state;

	assert_answer(process, "ready?\n", "READY?"); /* serving: the signal handler is in place */
	assert_int_equal(line_server_wait(process, SIGINT), 0);
}

/* Mid-line: get_request is blocked reading the rest of the line. */
static void
sigterm_in_the_middle_of_a_line_stops_it_cleanly(void **state)
{
	line_server_process *process = *state;

	assert_answer(process, "ready?\n", "READY?");
	assert_int_equal(line_server_send(process, "half a li"), 0);
	assert_int_equal(line_server_wait(process, SIGTERM), 0);
}

static void
handle_request_mode_times_out_and_serves(void **state)
{
	line_server_process *process = *state;

	assert_int_equal(support_wait_for_line(process->stderr_fd, "no line within 0.1 seconds",
	                                       SUPPORT_WAIT_MS), 0);
	assert_answer(process, "after a timeout\n", "AFTER A TIMEOUT");
	assert_int_equal(support_wait_for_line(process->stderr_fd, "no line within 0.1 seconds",
	                                       SUPPORT_WAIT_MS), 0);
	assert_int_equal(line_server_send(process, "fail\n"), 0);
	assert_int_equal(support_wait_for_line(process->stderr_fd, "the line says \"fail\"",
	                                       SUPPORT_WAIT_MS), 0);
	assert_answer(process, "quit\n", "bye");
	assert_int_equal(line_server_wait(process, 0), 0);
}

static void
handle_request_mode_stops_on_sigint(void **state)
{
	line_server_process *process = *state;

	assert_answer(process, "hi\n", "HI");
	assert_int_equal(line_server_wait(process, SIGINT), 0);
}

static void
bad_arguments_exit_2_with_usage(void **state)
{
	static const char *const cases[][4] = {
		{"extra", NULL},
		{"--max-line", NULL},
		{"--max-line", "0", NULL},
		{"--max-line", "12x", NULL},
		{"--timeout", "1", NULL}, /* only with --handle-request */
		{"--handle-request", "--timeout", "-1", NULL},
		{"--bogus", NULL},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		line_server_process process;
		assert_int_equal(line_server_start(&process, cases[i], false), 0);
		assert_int_equal(support_wait_for_line(process.stderr_fd, "usage:", SUPPORT_WAIT_MS), 0);
		assert_int_equal(line_server_wait(&process, 0), 2);
	}
}

/* Without SS_TRACE, stderr holds no trace line; with it, every call. */
static void
traces_only_when_asked(void **state)
{
	line_server_process process;
	char line[256];
	int traced = 0;

	(void)state;
	for (int trace = 0; trace <= 1; trace++) {
		traced = 0;
		assert_int_equal(line_server_start(&process, NULL, trace), 0);
		assert_int_equal(line_server_send(&process, "hello\nquit\n"), 0);
		while (support_read_line(process.stderr_fd, line, sizeof line, SUPPORT_WAIT_MS) >= 0)
			traced += strncmp(line, "ss-trace pid=", 13) == 0;
		assert_int_equal(line_server_wait(&process, 0), 0);
		if (trace)
			assert_true(traced > 20);
		else
			assert_int_equal(traced, 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(answers_each_line_upper_cased, start_default),
		cmocka_unit_test_setup(several_lines_at_once_are_all_served, start_default),
		cmocka_unit_test_setup(verify_request_rejects_empty_and_long_lines, start_default),
		cmocka_unit_test_setup(a_failing_handler_reaches_handle_error_and_serving_goes_on,
		                       start_default),
		cmocka_unit_test_setup(quit_shuts_the_server_down_from_its_handler, start_default),
		cmocka_unit_test_setup(the_end_of_input_shuts_it_down, start_default),
		cmocka_unit_test_setup(a_last_line_without_newline_is_served, start_default),
		cmocka_unit_test_setup(sigint_stops_it_cleanly, start_default),
		cmocka_unit_test_setup(sigterm_in_the_middle_of_a_line_stops_it_cleanly, start_default),
		cmocka_unit_test_setup(handle_request_mode_times_out_and_serves, start_handle_request),
		cmocka_unit_test_setup(handle_request_mode_stops_on_sigint, start_handle_request),
		cmocka_unit_test(bad_arguments_exit_2_with_usage),
		cmocka_unit_test(traces_only_when_asked),
	};

	support_watchdog(120);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
