/* run_command: output capture, exit status, time limit, process group cleanup. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../run_command.h"
#include "fixture.h"

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

static double
seconds_now(void)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

static struct run_result
run_shell(const char *script, const char *directory, double timeout_seconds)
{
	char *argv[] = { "sh", "-c", (char *)script, NULL };
	struct run_result result;
	run_command(&(struct run_request){ .argv = argv, .directory = directory,
	                                   .timeout_seconds = timeout_seconds },
	            &result);
	return result;
}

static void
captures_stdout_stderr_and_exit_status(void **state)
{
	(void)state;
	struct run_result result = run_shell("echo to-out; echo to-err >&2; exit 3", NULL, 0);
	assert_int_equal(result.end, RUN_EXITED);
	assert_int_equal(result.code, 3);
	assert_true(position_of(result.output, "to-out") < position_of(result.output, "to-err"));
	run_result_free(&result);
}

static void
reports_the_signal_that_ended_it(void **state)
{
	(void)state;
	struct run_result result = run_shell("kill -SEGV $$", NULL, 0);
	assert_int_equal(result.end, RUN_SIGNALED);
	assert_int_equal(result.code, SIGSEGV);
	run_result_free(&result);
}

static void
stops_a_command_at_its_time_limit(void **state)
{
	(void)state;
	double started = seconds_now();
	struct run_result result = run_shell("echo started; sleep 30", NULL, 0.3);
	double took = seconds_now() - started;
	assert_int_equal(result.end, RUN_TIMED_OUT);
	assert_true(took >= 0.3);
	assert_true(took < 5);
	assert_contains(result.output, "started");
	run_result_free(&result);
}

/* What the command started in the background must not outlive it. */
static void
kills_what_the_command_left_running(const char *script, double timeout_seconds)
{
	char *dir = fixture_create();
	struct run_result result = run_shell(script, dir, timeout_seconds);
	run_result_free(&result);
	sleep(2); /* the background job, if still alive, creates "survived" after 1 s */
	int survived = fixture_exists(dir, "survived");
	fixture_destroy(dir);
	assert_false(survived);
}

static void
kills_the_whole_group_at_the_time_limit(void **state)
{
	(void)state;
	kills_what_the_command_left_running("(sleep 1; touch survived) & sleep 30", 0.3);
}

static void
kills_leftovers_after_a_normal_exit(void **state)
{
	(void)state;
	kills_what_the_command_left_running("(sleep 1; touch survived) & exit 0", 0);
}

/* Stopping the runner (Ctrl-C, kill) stops the command too; the runner then dies of that signal. */
static void
an_interrupt_ends_the_command_and_then_the_runner(void **state)
{
	(void)state;
	char *dir = fixture_create();
	pid_t runner = fork();
	assert_true(runner >= 0);
	if (runner == 0) {
		struct run_result result =
			run_shell("touch started; (sleep 1; touch survived) & sleep 30", dir, 0);
		run_result_free(&result);
		_exit(0);
	}
	while (!fixture_exists(dir, "started"))
		nanosleep(&(struct timespec){ .tv_nsec = 10 * 1000 * 1000 }, NULL);
	kill(runner, SIGTERM);
	int status;
	assert_int_equal(waitpid(runner, &status, 0), runner);
	sleep(2);
	int survived = fixture_exists(dir, "survived");
	fixture_destroy(dir);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGTERM);
	assert_false(survived);
}

static void
runs_in_the_given_directory(void **state)
{
	(void)state;
	char *dir = fixture_create();
	char real[PATH_MAX];
	assert_non_null(realpath(dir, real));
	struct run_result result = run_shell("pwd -P", dir, 0);
	assert_int_equal(result.end, RUN_EXITED);
	assert_contains(result.output, real);
	run_result_free(&result);
	fixture_destroy(dir);
}

/* Input is empty, and the command inherits no descriptor of the runner's own
 * (the ones this test process was itself given are no concern of the runner). */
static void
the_command_gets_no_descriptor_of_the_runner(void **state)
{
	(void)state;
	char expected[256] = "";
	for (int fd = 3; fd <= 9; fd++) { /* the shell names only 0 to 9 */
		int flags = fcntl(fd, F_GETFD);
		if (flags >= 0 && !(flags & FD_CLOEXEC))
			snprintf(expected + strlen(expected), sizeof expected - strlen(expected), "open %d\n", fd);
	}
	strcat(expected, "checked\n");

	struct run_result result = run_shell(
		"cat; fd=3; while [ $fd -le 9 ]; do "
		"if { true >&$fd; } 2>/dev/null; then echo open $fd; fi; fd=$((fd+1)); done; "
		"echo checked", NULL, 5);
	assert_int_equal(result.end, RUN_EXITED);
	assert_string_equal(result.output, expected);
	run_result_free(&result);
}

static void
says_why_a_program_cannot_run(void **state)
{
	(void)state;
	char *argv[] = { "/nonexistent/program", NULL };
	struct run_result result;
	run_command(&(struct run_request){ .argv = argv }, &result);
	assert_int_equal(result.end, RUN_EXITED);
	assert_int_equal(result.code, 127);
	assert_contains(result.output, "cannot run /nonexistent/program");
	run_result_free(&result);
}

static void
keeps_the_end_of_a_long_output(void **state)
{
	(void)state;
	struct run_result result =
		run_shell("i=0; while [ $i -lt 20000 ]; do echo line $i; i=$((i+1)); done", NULL, 0);
	assert_contains(result.output, "bytes of earlier output cut");
	assert_contains(result.output, "line 19999\n");
	assert_lacks(result.output, "line 0\n");
	assert_true(strlen(result.output) < 70 * 1024);
	run_result_free(&result);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(captures_stdout_stderr_and_exit_status),
		cmocka_unit_test(reports_the_signal_that_ended_it),
		cmocka_unit_test(stops_a_command_at_its_time_limit),
		cmocka_unit_test(kills_the_whole_group_at_the_time_limit),
		cmocka_unit_test(kills_leftovers_after_a_normal_exit),
		cmocka_unit_test(an_interrupt_ends_the_command_and_then_the_runner),
		cmocka_unit_test(runs_in_the_given_directory),
		cmocka_unit_test(the_command_gets_no_descriptor_of_the_runner),
		cmocka_unit_test(says_why_a_program_cannot_run),
		cmocka_unit_test(keeps_the_end_of_a_long_output),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
