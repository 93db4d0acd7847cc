/* test_iterative_echo.c — the chapter's program over loopback: it echoes,
 * it serves one client at a time (its limit, shown), it survives clients that
 * reset or vanish, and it follows the program conventions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "support.h"

static const char *const listen_any_port[] = {"--listen", "127.0.0.1:0", NULL};

static int
start_server(void **state)
{
	static support_process server;

	support_watchdog(60);
	*state = &server;
	return support_start(&server, "iterative-echo", listen_any_port, true);
}

static int
stop_server(void **state)
{
	support_process *server = *state;

	if (server->pid > 0)
		assert_int_equal(support_stop(server, SIGTERM), 0);
	return 0;
}

static void
assert_echo(int client, const char *message)
{
	size_t length = strlen(message);
	char reply[256];

	assert_int_equal(support_send_all(client, message, length), 0);
	assert_int_equal(support_recv_exact(client, reply, length, SUPPORT_WAIT_MS), 0);
	assert_memory_equal(reply, message, length);
}

static void
echoes_what_it_receives(void **state)
{
	support_process *server = *state;
	int client = support_connect(server->address);

	assert_true(client >= 0);
	assert_echo(client, "hello\n");
	assert_echo(client, "and again, longer this time\n");
	close(client);
}

/* The chapter's point. Client 1 is in its conversation; client 2 connects
 * (the kernel completes the handshake from the listen backlog) and sends.
 * Then client 1 sends again and gets its echo: the server was in client 1's
 * conversation loop after client 2's bytes had arrived, and an iterative
 * server does nothing else there — so client 2 has no reply, and the server
 * has not even accepted it. Only when client 1 leaves is client 2 served. */
static void
second_client_waits_until_the_first_leaves(void **state)
{
	support_process *server = *state;
	char reply[8];
	int first = support_connect(server->address);
	int second;

	assert_true(first >= 0);
	assert_echo(first, "one\n");
	assert_int_equal(support_wait_for_line(server->stderr_fd, "connected", SUPPORT_WAIT_MS), 0);

	second = support_connect(server->address);
	assert_true(second >= 0);
	assert_int_equal(support_send_all(second, "two\n", 4), 0);
	assert_echo(first, "still one\n");
	assert_int_equal(recv(second, reply, sizeof reply, MSG_DONTWAIT), -1);
	assert_true(errno == EAGAIN || errno == EWOULDBLOCK);
	assert_int_equal(support_wait_readable(server->stderr_fd, 0), 0); /* no second "connected" */

	close(first);
	assert_int_equal(support_recv_exact(second, reply, 4, SUPPORT_WAIT_MS), 0);
	assert_memory_equal(reply, "two\n", 4);
	close(second);
}

static void
a_client_that_resets_does_not_stop_the_server(void **state)
{
	support_process *server = *state;
	int rude = support_connect(server->address);
	int next;

	assert_true(rude >= 0);
	assert_echo(rude, "about to reset\n");
	support_close_with_reset(rude);

	next = support_connect(server->address);
	assert_true(next >= 0);
	assert_echo(next, "next client\n");
	close(next);
}

/* The client sends far more than it reads, so the server ends up blocked
 * writing the echo; then the client vanishes. Usually the server's send
 * fails (EPIPE or ECONNRESET) — without SIGPIPE killing it; on a loaded
 * machine the reset may find it reading instead. Either way it reports the
 * client and serves the next one. (test_io proves sends never raise SIGPIPE.) */
static void
a_peer_that_vanishes_while_the_server_writes(void **state)
{
	support_process *server = *state;
	static char flood[4 << 20];
	int vanishing = support_connect(server->address);
	int next;

	assert_true(vanishing >= 0);
	memset(flood, 'x', sizeof flood);
	/* Without reading, only socket buffers' worth can be sent: send what fits. */
	for (size_t sent = 0; sent < sizeof flood;) {
		ssize_t n = send(vanishing, flood + sent, sizeof flood - sent, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n <= 0)
			break; /* both directions' buffers are full: the server is stuck in send */
		sent += (size_t)n;
	}
	support_close_with_reset(vanishing);

	assert_int_equal(support_wait_for_line(server->stderr_fd, ": cannot ", SUPPORT_WAIT_MS), 0);
	next = support_connect(server->address);
	assert_true(next >= 0);
	assert_echo(next, "still serving\n");
	close(next);
}

static void
sigint_stops_it_cleanly_even_mid_conversation(void **state)
{
	support_process *server = *state;
	int client = support_connect(server->address);

	assert_true(client >= 0);
	assert_echo(client, "hi\n");
	assert_int_equal(support_stop(server, SIGINT), 0);
	assert_true(support_peer_closed(client, SUPPORT_WAIT_MS));
	close(client);
}

/* SIGTERM while the server waits for the client's next bytes: the wait ends
 * with EINTR, and that is a stop, not a failure — status 0, a line that says
 * the conversation was cut short, and never "client ADDRESS: " with an empty
 * reason (the bug: ss_wait_fd left no message behind). */
static void
sigterm_mid_conversation_is_a_clean_stop_not_an_error(void **state)
{
	support_process *server = *state;
	int client = support_connect(server->address);
	char line[512];
	bool cut_short = false;

	assert_true(client >= 0);
	assert_echo(client, "hi\n"); /* the server is now in the conversation loop */
	assert_int_equal(kill(server->pid, SIGTERM), 0);
	while (support_read_line(server->stderr_fd, line, sizeof line, SUPPORT_WAIT_MS) >= 0) {
		size_t length = strlen(line);
		print_message("server said: %s\n", line);
		assert_false(length >= 2 && strcmp(line + length - 2, ": ") == 0); /* no empty reason */
		assert_null(strstr(line, "Interrupted system call"));
		if (strstr(line, "cut short, the server is stopping") != NULL)
			cut_short = true;
	}
	assert_true(cut_short);
	assert_int_equal(support_stop(server, 0), 0);
	assert_true(support_peer_closed(client, SUPPORT_WAIT_MS));
	close(client);
}

static void
bad_arguments_exit_2_with_usage(void **state)
{
	static const char *const cases[][4] = {
		{NULL},
		{"--listen", NULL},
		{"--listen", "127.0.0.1:0", "extra", NULL},
		{"--bogus", NULL},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		support_process program;
		assert_int_equal(support_start(&program, "iterative-echo", cases[i], false), 0);
		assert_int_equal(support_wait_for_line(program.stderr_fd, "usage:", SUPPORT_WAIT_MS), 0);
		assert_int_equal(support_stop(&program, 0), 2);
	}
}

static void
an_address_in_use_exits_1_naming_it(void **state)
{
	support_process *server = *state;
	const char *const args[] = {"--listen", server->address, NULL};
	support_process second;

	assert_int_equal(support_start(&second, "iterative-echo", args, false), 0);
	assert_int_equal(support_wait_for_line(second.stderr_fd, server->address, SUPPORT_WAIT_MS), 0);
	assert_int_equal(support_stop(&second, 0), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(echoes_what_it_receives, start_server, stop_server),
		cmocka_unit_test_setup_teardown(second_client_waits_until_the_first_leaves, start_server,
		                                stop_server),
		cmocka_unit_test_setup_teardown(a_client_that_resets_does_not_stop_the_server, start_server,
		                                stop_server),
		cmocka_unit_test_setup_teardown(a_peer_that_vanishes_while_the_server_writes, start_server,
		                                stop_server),
		cmocka_unit_test_setup_teardown(sigint_stops_it_cleanly_even_mid_conversation, start_server,
		                                stop_server),
		cmocka_unit_test_setup_teardown(sigterm_mid_conversation_is_a_clean_stop_not_an_error,
		                                start_server, stop_server),
		cmocka_unit_test(bad_arguments_exit_2_with_usage),
		cmocka_unit_test_setup_teardown(an_address_in_use_exits_1_naming_it, start_server,
		                                stop_server),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
