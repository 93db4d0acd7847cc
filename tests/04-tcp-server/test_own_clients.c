/* test_own_clients.c — every server kind, driven by the repository's own
 * clients, as a reader drives them: echo-server and upper-server on tcp,
 * udp, unix-stream and unix-dgram, talked to by echo-client (chapter 1) and
 * upper-client. The Unix sockets live in a fresh temp dir, which is also the
 * clients' TMPDIR: a unix-dgram upper-client binds a temporary path of its
 * own there, and the tests check it is gone afterwards — after an answer, a
 * failed connect, and a SIGTERM while it waits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "support.h"

static const char *temp_dir;

static int
setup(void **state)
{
	(void)state;
	support_watchdog(120);
	temp_dir = support_temp_dir();
	if (temp_dir == NULL)
		return -1;
	/* the clients we start make their temporary paths here */
	return setenv("TMPDIR", temp_dir, 1);
}

static int
teardown(void **state)
{
	(void)state;
	support_remove_temp_dir(temp_dir);
	return 0;
}

/* How many entries of the temp dir start with prefix. */
static int
entries_named(const char *prefix)
{
	DIR *dir = opendir(temp_dir);
	struct dirent *entry;
	int count = 0;

	assert_non_null(dir);
	while ((entry = readdir(dir)) != NULL)
		if (strncmp(entry->d_name, prefix, strlen(prefix)) == 0)
			count++;
	closedir(dir);
	return count;
}

static const struct conversation {
	const char *server;
	const char *kind;
	const char *client;   /* echo-client or upper-client */
	const char *messages[3];
	const char *replies[3];
} conversations[] = {
	{"echo-server", "tcp", "echo-client", {"hello", "world"}, {"hello", "world"}},
	{"echo-server", "udp", "upper-client", {"ping", "pong"}, {"ping", "pong"}},
	{"echo-server", "unix-stream", "echo-client", {"over a path"}, {"over a path"}},
	{"echo-server", "unix-stream", "upper-client", {"abc"}, {"abc"}},
	{"echo-server", "unix-dgram", "upper-client", {"ping", "again"}, {"ping", "again"}},
	{"upper-server", "tcp", "upper-client", {"client1111", "Mixed 42"}, {"CLIENT1111", "MIXED 42"}},
	{"upper-server", "udp", "upper-client", {"client2222"}, {"CLIENT2222"}},
	{"upper-server", "unix-stream", "upper-client", {"stream"}, {"STREAM"}},
	{"upper-server", "unix-stream", "echo-client", {"line by line"}, {"LINE BY LINE"}},
	{"upper-server", "unix-dgram", "upper-client", {"datagram", "two"}, {"DATAGRAM", "TWO"}},
};

static bool
is_unix(const char *kind)
{
	return strncmp(kind, "unix-", 5) == 0;
}

static void
run_conversation(const struct conversation *c)
{
	support_process server, client;
	char listen_address[256], line[256];
	const char *client_args[8];
	size_t n = 0;

	print_message("%s --kind %s  <-  %s\n", c->server, c->kind, c->client);
	if (is_unix(c->kind))
		snprintf(listen_address, sizeof listen_address, "%s/%s.sock", temp_dir, c->server);
	else
		snprintf(listen_address, sizeof listen_address, "127.0.0.1:0");
	const char *server_args[] = {"--kind", c->kind, "--listen", listen_address, NULL};
	assert_int_equal(support_start(&server, c->server, server_args, true), 0);

	if (strcmp(c->client, "upper-client") == 0) {
		client_args[n++] = "--kind";
		client_args[n++] = c->kind;
	}
	client_args[n++] = "--connect";
	client_args[n++] = server.address;
	for (size_t i = 0; i < 3 && c->messages[i] != NULL; i++)
		client_args[n++] = c->messages[i];
	client_args[n] = NULL;
	assert_int_equal(support_start(&client, c->client, client_args, false), 0);
	for (size_t i = 0; i < 3 && c->replies[i] != NULL; i++) {
		assert_true(support_read_line(client.stdout_fd, line, sizeof line, SUPPORT_WAIT_MS) >= 0);
		assert_string_equal(line, c->replies[i]);
	}
	assert_int_equal(support_stop(&client, 0), 0);
	assert_int_equal(support_stop(&server, SIGTERM), 0);

	assert_int_equal(entries_named("upper-client-"), 0); /* the client's own path: gone */
	if (is_unix(c->kind))
		assert_int_equal(unlink(listen_address), 0); /* the server's stays, as in Python */
}

static void
every_server_kind_answers_the_repositorys_clients(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof conversations / sizeof conversations[0]; i++)
		run_conversation(&conversations[i]);
}

/* No server at the path: connect fails, status 1, and the path the client
 * bound for itself is removed all the same. */
static void
a_failed_unix_datagram_client_removes_its_path(void **state)
{
	(void)state;
	support_process client;
	char nowhere[256];

	snprintf(nowhere, sizeof nowhere, "%s/nobody-here.sock", temp_dir);
	const char *args[] = {"--kind", "unix-dgram", "--connect", nowhere, "hello?", NULL};
	assert_int_equal(support_start(&client, "upper-client", args, false), 0);
	assert_int_equal(support_wait_for_line(client.stderr_fd, "cannot connect", SUPPORT_WAIT_MS), 0);
	assert_int_equal(support_stop(&client, 0), 1);
	assert_int_equal(entries_named("upper-client-"), 0);
}

/* A "server" that never answers (a bound socket of the test's own): the
 * client sends, then waits for a reply; SIGTERM ends the wait, and the client
 * still removes its path before it exits. */
static void
a_unix_datagram_client_stopped_while_waiting_removes_its_path(void **state)
{
	(void)state;
	struct sockaddr_un silent = {.sun_family = AF_UNIX};
	support_process client;
	char packet[64];
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	snprintf(silent.sun_path, sizeof silent.sun_path, "%s/silent.sock", temp_dir);
	assert_int_equal(bind(fd, (struct sockaddr *)&silent, sizeof silent), 0);
	const char *args[] = {"--kind", "unix-dgram", "--connect", silent.sun_path, "anyone?", NULL};
	assert_int_equal(support_start(&client, "upper-client", args, false), 0);

	/* its datagram arrived: it is waiting for the answer (or about to) */
	assert_int_equal(support_wait_readable(fd, SUPPORT_WAIT_MS), 1);
	assert_int_equal(recv(fd, packet, sizeof packet, 0), 7);
	assert_int_equal(entries_named("upper-client-"), 1); /* its own path, while it runs */
	assert_int_equal(support_stop(&client, SIGTERM), 1);  /* no reply came: status 1 */
	assert_int_equal(entries_named("upper-client-"), 0);
	close(fd);
	unlink(silent.sun_path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_server_kind_answers_the_repositorys_clients),
		cmocka_unit_test(a_failed_unix_datagram_client_removes_its_path),
		cmocka_unit_test(a_unix_datagram_client_stopped_while_waiting_removes_its_path),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
