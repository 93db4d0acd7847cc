/* test_select_terminal.c — the seeds' "select watches the terminal": one loop
 * serves stdin and the network. The test plays the terminal through a pipe. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "support.h"

typedef struct fixture {
	support_process program;
	int terminal; /* the test writes the program's stdin here */
} fixture;

/* support_start, with the child's stdin a pipe: the test process lends the
 * pipe's read end as its own fd 0 while it forks, then takes its stdin back. */
static int
start_with_stdin_pipe(support_process *program, const char *const args[], int *terminal)
{
	int pipe_fds[2], saved_stdin, status;

	if (pipe(pipe_fds) == -1)
		return -1;
	fcntl(pipe_fds[1], F_SETFD, FD_CLOEXEC); /* the child must not hold the write end */
	saved_stdin = dup(STDIN_FILENO);
	dup2(pipe_fds[0], STDIN_FILENO);
	close(pipe_fds[0]);
	status = support_start(program, "select-terminal", args, true);
	if (saved_stdin >= 0) {
		dup2(saved_stdin, STDIN_FILENO);
		close(saved_stdin);
	} else {
		close(STDIN_FILENO);
	}
	*terminal = pipe_fds[1];
	return status;
}

static int
start(void **state)
{
	static fixture f;
	const char *const args[] = {"--listen", "127.0.0.1:0", NULL};

	support_watchdog(60);
	*state = &f;
	return start_with_stdin_pipe(&f.program, args, &f.terminal);
}

static int
stop(void **state)
{
	fixture *f = *state;

	if (f->terminal >= 0)
		close(f->terminal);
	if (f->program.pid > 0)
		assert_int_equal(support_stop(&f->program, SIGTERM), 0);
	return 0;
}

static int
connect_and_wait_until_served(fixture *f)
{
	int client = support_connect(f->program.address);

	assert_true(client >= 0);
	assert_int_equal(support_wait_for_line(f->program.stderr_fd, "connected", SUPPORT_WAIT_MS), 0);
	return client;
}

static void
typed_lines_go_to_every_client(void **state)
{
	fixture *f = *state;
	int first = connect_and_wait_until_served(f);
	int second = connect_and_wait_until_served(f);
	char line[64];

	assert_int_equal(write(f->terminal, "hello from the terminal\n", 24), 24);
	assert_int_equal(support_read_line(first, line, sizeof line, SUPPORT_WAIT_MS), 23);
	assert_string_equal(line, "hello from the terminal");
	assert_int_equal(support_read_line(second, line, sizeof line, SUPPORT_WAIT_MS), 23);
	assert_string_equal(line, "hello from the terminal");
	close(first);
	close(second);
}

static void
client_lines_are_printed_with_their_address(void **state)
{
	fixture *f = *state;
	int client = connect_and_wait_until_served(f);
	char line[128];

	assert_int_equal(support_send_all(client, "hi from a ", 10), 0);
	assert_int_equal(support_send_all(client, "client\nand more\n", 16), 0);
	assert_true(support_read_line(f->program.stdout_fd, line, sizeof line, SUPPORT_WAIT_MS) > 0);
	assert_non_null(strstr(line, "127.0.0.1:"));
	assert_non_null(strstr(line, ": hi from a client"));
	assert_true(support_read_line(f->program.stdout_fd, line, sizeof line, SUPPORT_WAIT_MS) > 0);
	assert_non_null(strstr(line, ": and more"));
	close(client);
}

/* Both at once, in one loop: the keyboard does not wait for the network. */
static void
terminal_and_clients_interleave(void **state)
{
	fixture *f = *state;
	int client = connect_and_wait_until_served(f);
	char line[128];

	for (int i = 0; i < 5; i++) {
		char text[32];
		int length = snprintf(text, sizeof text, "typed %d\n", i);

		assert_int_equal(write(f->terminal, text, (size_t)length), length);
		assert_int_equal(support_read_line(client, line, sizeof line, SUPPORT_WAIT_MS), length - 1);
		assert_memory_equal(line, text, (size_t)length - 1);
		length = snprintf(text, sizeof text, "sent %d\n", i);
		assert_int_equal(support_send_all(client, text, (size_t)length), 0);
		assert_true(support_read_line(f->program.stdout_fd, line, sizeof line, SUPPORT_WAIT_MS) > 0);
		text[length - 1] = '\0'; /* without its newline, as printed */
		assert_non_null(strstr(line, text));
	}
	close(client);
}

static void
the_end_of_stdin_does_not_end_the_service(void **state)
{
	fixture *f = *state;
	int client = connect_and_wait_until_served(f);
	char line[128];

	close(f->terminal);
	f->terminal = -1;
	assert_int_equal(support_wait_for_line(f->program.stderr_fd, "stdin closed", SUPPORT_WAIT_MS), 0);
	assert_int_equal(support_send_all(client, "still there?\n", 13), 0);
	assert_true(support_read_line(f->program.stdout_fd, line, sizeof line, SUPPORT_WAIT_MS) > 0);
	assert_non_null(strstr(line, ": still there?"));
	close(client);
}

static void
a_client_that_leaves_is_forgotten(void **state)
{
	fixture *f = *state;
	int leaving = connect_and_wait_until_served(f);
	int staying = connect_and_wait_until_served(f);
	char line[64];

	support_close_with_reset(leaving);
	assert_int_equal(support_wait_for_line(f->program.stderr_fd, "left", SUPPORT_WAIT_MS), 0);
	assert_int_equal(write(f->terminal, "to whoever is left\n", 19), 19);
	assert_int_equal(support_read_line(staying, line, sizeof line, SUPPORT_WAIT_MS), 18);
	close(staying);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(typed_lines_go_to_every_client, start, stop),
		cmocka_unit_test_setup_teardown(client_lines_are_printed_with_their_address, start, stop),
		cmocka_unit_test_setup_teardown(terminal_and_clients_interleave, start, stop),
		cmocka_unit_test_setup_teardown(the_end_of_stdin_does_not_end_the_service, start, stop),
		cmocka_unit_test_setup_teardown(a_client_that_leaves_is_forgotten, start, stop),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
