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
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "support.h"
#include "fd_fixture.h"

static int
setup(void **state)
{
	(void)state;
	support_watchdog(120);
	return 0;
}

/* chat-server reads commands from its terminal, stdin, and prints on stdout:
 * both pipes of the test's (support_start_with_stdin). */
static void
start_chat(support_process *chat)
{
	const char *args[] = {"--listen", "127.0.0.1:0", NULL};

	assert_int_equal(support_start_with_stdin(chat, "chat-server", args, true), 0);
}

/* chat-client, a member whose typed lines are the test's to write. */
static void
start_chat_client(support_process *client, const char *address)
{
	const char *args[] = {"--connect", address, NULL};

	assert_int_equal(support_start_with_stdin(client, "chat-client", args, false), 0);
}

/* A command typed at its terminal (a pipe: write, not send). */
static void
type(support_process *chat, const char *command)
{
	char line[256];
	int length = snprintf(line, sizeof line, "%s\n", command);

	assert_true(length > 0 && (size_t)length < sizeof line);
	assert_int_equal(write(chat->stdin_fd, line, (size_t)length), length);
}

/* The end of its input, then of the program, within the time limit; its
 * exit status (128+N if killed by N). */
static int
wait_chat(support_process *chat)
{
	support_close_stdin(chat);
	if (!support_output_ended(chat, SUPPORT_WAIT_MS)) {
		support_stop(chat, SIGKILL);
		fail_msg("chat-server or chat-client did not stop within %d s", SUPPORT_WAIT_MS / 1000);
	}
	return support_stop(chat, 0);
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
join(const support_process *chat, struct member *member, size_t others)
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
terminal_shows(support_process *chat, const char *text)
{
	if (support_wait_for_line(chat->stdout_fd, text, SUPPORT_WAIT_MS) != 0)
		fail_msg("chat-server's terminal never showed \"%s\"", text);
}

static void
three_members_talk(void **state)
{
	(void)state;
	support_process chat;
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
	support_close_stdin(&chat);
	assert_int_equal(wait_chat(&chat), 0);
}

/* Lines longer than the server's buffer, CRLF, several lines in one send. */
static void
odd_lines_are_relayed_whole(void **state)
{
	(void)state;
	support_process chat;
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
	support_process chat;
	struct member a, b;

	start_chat(&chat);
	join(&chat, &a, 0);
	support_close_stdin(&chat);
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
	support_process chat, x, y;

	start_chat(&chat);
	start_chat_client(&x, chat.address);
	if (support_wait_for_line(x.stdout_fd, "0 others here", SUPPORT_WAIT_MS) != 0)
		fail_msg("chat-client x was not welcomed");
	start_chat_client(&y, chat.address);
	if (support_wait_for_line(y.stdout_fd, "1 others here", SUPPORT_WAIT_MS) != 0)
		fail_msg("chat-client y was not welcomed");
	if (support_wait_for_line(x.stdout_fd, " joined", SUPPORT_WAIT_MS) != 0)
		fail_msg("chat-client x was not told y joined");
	type(&x, "hello from x");
	if (support_wait_for_line(y.stdout_fd, " says: hello from x", SUPPORT_WAIT_MS) != 0)
		fail_msg("chat-client y did not print x's line");
	assert_int_equal(wait_chat(&x), 0); /* end of x's input: it leaves, exits 0 */
	if (support_wait_for_line(y.stdout_fd, " left", SUPPORT_WAIT_MS) != 0)
		fail_msg("chat-client y was not told x left");
	type(&chat, "quit");
	if (support_wait_for_line(y.stdout_fd, "goodbye", SUPPORT_WAIT_MS) != 0)
		fail_msg("chat-client y did not print the server's goodbye");
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
