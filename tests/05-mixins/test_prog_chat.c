/* test_prog_chat.c — chat-server, seed 001's multi-client chat: three
 * members, a line goes to every other member and never back to its sender;
 * arrivals and departures are told; the terminal's who and quit; quit, end
 * of input and SIGTERM all stop it with status 0, hanging up on everyone;
 * chat-client as a member. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support.h"

/* chat-server reads commands from stdin, chat-client lines to send:
 * support_start gives a program the test's own stdin, so this test starts
 * them by hand with a pipe. */
struct chat {
	pid_t pid;
	int terminal; /* the write end of its stdin */
	int output;   /* its stdout */
	char address[256];
};

static int fds_before;

static int
setup(void **state)
{
	(void)state;
	support_watchdog(120);
	return 0;
}

static int
count_fds(void **state)
{
	(void)state;
	fds_before = support_fd_count();
	return 0;
}

static int
no_fd_leaked(void **state)
{
	(void)state;
	assert_int_equal(support_fd_count(), fds_before);
	return 0;
}

/* Start SS_BIN_DIR/program option value, its stdin and stdout ours. */
static void
start_piped(struct chat *chat, const char *program, const char *option, const char *value)
{
	char path[PATH_MAX];
	int in[2], out[2];

	snprintf(path, sizeof path, "%s/%s", SS_BIN_DIR, program);
	assert_int_equal(pipe(in), 0);
	assert_int_equal(pipe(out), 0);
	fflush(NULL);
	chat->pid = fork();
	assert_true(chat->pid >= 0);
	if (chat->pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		dup2(in[0], STDIN_FILENO);
		dup2(out[1], STDOUT_FILENO);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		execl(path, path, option, value, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	fcntl(in[1], F_SETFD, FD_CLOEXEC);
	fcntl(out[0], F_SETFD, FD_CLOEXEC);
	chat->terminal = in[1];
	chat->output = out[0];
}

static void
start_chat(struct chat *chat)
{
	char line[sizeof chat->address];

	start_piped(chat, "chat-server", "--listen", "127.0.0.1:0");
	assert_true(support_read_line(chat->output, line, sizeof line, SUPPORT_WAIT_MS) > 0);
	assert_true(strncmp(line, "listening on ", 13) == 0);
	snprintf(chat->address, sizeof chat->address, "%s", line + 13);
}

/* A command typed at its terminal (a pipe: write, not send). */
static void
type(struct chat *chat, const char *command)
{
	char line[256];
	int length = snprintf(line, sizeof line, "%s\n", command);

	assert_true(length > 0 && (size_t)length < sizeof line);
	assert_int_equal(write(chat->terminal, line, (size_t)length), length);
}

/* Bounded: the program's stdout reaches end of file when it exits. */
static bool
ended_in_time(int output)
{
	char scratch[4096];

	for (;;) {
		if (support_wait_readable(output, SUPPORT_WAIT_MS) != 1)
			return false;
		ssize_t got = read(output, scratch, sizeof scratch);
		if (got == 0)
			return true;
		if (got == -1 && errno != EINTR)
			return false;
	}
}

/* Wait for the program to end; its exit status (128+N if killed by N). */
static int
wait_chat(struct chat *chat)
{
	int status;

	if (chat->terminal != -1)
		close(chat->terminal);
	if (!ended_in_time(chat->output)) {
		kill(chat->pid, SIGKILL);
		waitpid(chat->pid, &status, 0);
		close(chat->output);
		fail_msg("chat-server did not stop within %d s", SUPPORT_WAIT_MS / 1000);
	}
	while (waitpid(chat->pid, &status, 0) == -1 && errno == EINTR)
		continue;
	close(chat->output);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* A member: connected, and welcomed (so it is in the room's table). */
struct member {
	int fd;
	char name[64]; /* its address, as the server names it */
};

static void
hear(const struct member *member, const char *expected)
{
	char line[512];

	if (support_read_line(member->fd, line, sizeof line, SUPPORT_WAIT_MS) < 0)
		fail_msg("member %s heard nothing; expected \"%s\"", member->name, expected);
	assert_string_equal(line, expected);
}

static void
join(const struct chat *chat, struct member *member, size_t others)
{
	struct sockaddr_in me;
	socklen_t length = sizeof me;
	char welcome[128];

	member->fd = support_connect(chat->address);
	assert_true(member->fd >= 0);
	assert_int_equal(getsockname(member->fd, (struct sockaddr *)&me, &length), 0);
	snprintf(member->name, sizeof member->name, "127.0.0.1:%u", (unsigned)ntohs(me.sin_port));
	snprintf(welcome, sizeof welcome, "welcome %s, %zu others here", member->name, others);
	hear(member, welcome);
}

static void
say(const struct member *member, const char *text)
{
	assert_int_equal(support_send_all(member->fd, text, strlen(text)), 0);
	assert_int_equal(support_send_all(member->fd, "\n", 1), 0);
}

static void
hear_that(const struct member *listener, const struct member *speaker, const char *what)
{
	char line[300];

	snprintf(line, sizeof line, "%s %s", speaker->name, what);
	hear(listener, line);
}

/* The terminal's output, until a line containing text. */
static void
terminal_shows(struct chat *chat, const char *text)
{
	if (support_wait_for_line(chat->output, text, SUPPORT_WAIT_MS) != 0)
		fail_msg("chat-server's terminal never showed \"%s\"", text);
}

static void
three_members_talk(void **state)
{
	(void)state;
	struct chat chat;
	struct member a, b, c;
	char line[300];

	start_chat(&chat);
	join(&chat, &a, 0);
	join(&chat, &b, 1);
	hear_that(&a, &b, "joined");
	join(&chat, &c, 2);
	hear_that(&a, &c, "joined");
	hear_that(&b, &c, "joined");

	say(&a, "hello");
	hear_that(&b, &a, "says: hello");
	hear_that(&c, &a, "says: hello");
	say(&b, "hi a");
	hear_that(&c, &b, "says: hi a");
	/* a's next line is b's: its own "hello" never came back to it (one
	 * broadcast under one lock sent it to b and c before b could answer). */
	hear_that(&a, &b, "says: hi a");

	type(&chat, "who");
	snprintf(line, sizeof line, "3 in the room:");
	terminal_shows(&chat, line);

	say(&c, "quit"); /* c leaves: the server hangs up on it, the others are told */
	assert_true(support_peer_closed(c.fd, SUPPORT_WAIT_MS));
	hear_that(&a, &c, "left");
	hear_that(&b, &c, "left");
	close(c.fd);
	close(b.fd); /* b simply goes away */
	hear_that(&a, &b, "left");
	type(&chat, "who");
	snprintf(line, sizeof line, "1 in the room: %s", a.name);
	terminal_shows(&chat, line);

	type(&chat, "something else");
	terminal_shows(&chat, "type quit");
	type(&chat, "quit");
	hear(&a, "the server is closing: goodbye");
	assert_true(support_peer_closed(a.fd, SUPPORT_WAIT_MS));
	close(a.fd);
	chat.terminal = (close(chat.terminal), -1);
	assert_int_equal(wait_chat(&chat), 0);
}

/* Lines longer than the server's buffer, CRLF, several lines in one send. */
static void
odd_lines_are_relayed_whole(void **state)
{
	(void)state;
	struct chat chat;
	struct member a, b;

	start_chat(&chat);
	join(&chat, &a, 0);
	join(&chat, &b, 1);
	hear_that(&a, &b, "joined");
	assert_int_equal(support_send_all(a.fd, "one\r\ntwo\nthree\n", 15), 0);
	hear_that(&b, &a, "says: one");
	hear_that(&b, &a, "says: two");
	hear_that(&b, &a, "says: three");
	type(&chat, "quit");
	hear(&a, "the server is closing: goodbye");
	hear(&b, "the server is closing: goodbye");
	close(a.fd);
	close(b.fd);
	assert_int_equal(wait_chat(&chat), 0);
}

/* The end of the terminal's input stops it as quit does; so does SIGTERM,
 * with members connected and silent. */
static void
end_of_input_and_sigterm_stop_it(void **state)
{
	(void)state;
	struct chat chat;
	struct member a, b;

	start_chat(&chat);
	join(&chat, &a, 0);
	close(chat.terminal);
	chat.terminal = -1;
	hear(&a, "the server is closing: goodbye");
	close(a.fd);
	assert_int_equal(wait_chat(&chat), 0);

	start_chat(&chat);
	join(&chat, &a, 0);
	join(&chat, &b, 1);
	hear_that(&a, &b, "joined");
	kill(chat.pid, SIGTERM);
	/* Each handler sees the stop by itself and leaves, or is hung up on:
	 * which comes first varies, so only the end is checked. */
	assert_true(support_peer_closed(a.fd, SUPPORT_WAIT_MS));
	assert_true(support_peer_closed(b.fd, SUPPORT_WAIT_MS));
	close(a.fd);
	close(b.fd);
	assert_int_equal(wait_chat(&chat), 0);
}

/* chat-client: what is typed goes to the room, what the room says is
 * printed, whenever it comes; at the end of its input it leaves and exits 0. */
static void
two_chat_clients(void **state)
{
	(void)state;
	struct chat chat, x, y;

	start_chat(&chat);
	start_piped(&x, "chat-client", "--connect", chat.address);
	if (support_wait_for_line(x.output, "0 others here", SUPPORT_WAIT_MS) != 0)
		fail_msg("chat-client x was not welcomed");
	start_piped(&y, "chat-client", "--connect", chat.address);
	if (support_wait_for_line(y.output, "1 others here", SUPPORT_WAIT_MS) != 0)
		fail_msg("chat-client y was not welcomed");
	if (support_wait_for_line(x.output, " joined", SUPPORT_WAIT_MS) != 0)
		fail_msg("chat-client x was not told y joined");
	type(&x, "hello from x");
	if (support_wait_for_line(y.output, " says: hello from x", SUPPORT_WAIT_MS) != 0)
		fail_msg("chat-client y did not print x's line");
	assert_int_equal(wait_chat(&x), 0); /* end of x's input: it leaves, exits 0 */
	x.terminal = -1;
	if (support_wait_for_line(y.output, " left", SUPPORT_WAIT_MS) != 0)
		fail_msg("chat-client y was not told x left");
	type(&chat, "quit");
	if (support_wait_for_line(y.output, "goodbye", SUPPORT_WAIT_MS) != 0)
		fail_msg("chat-client y did not print the server's goodbye");
	y.terminal = (close(y.terminal), -1);
	assert_int_equal(wait_chat(&y), 0); /* the server closed: y exits 0 */
	assert_int_equal(wait_chat(&chat), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(three_members_talk, count_fds, no_fd_leaked),
		cmocka_unit_test_setup_teardown(odd_lines_are_relayed_whole, count_fds, no_fd_leaked),
		cmocka_unit_test_setup_teardown(end_of_input_and_sigterm_stop_it, count_fds, no_fd_leaked),
		cmocka_unit_test_setup_teardown(two_chat_clients, count_fds, no_fd_leaked),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
