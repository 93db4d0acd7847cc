/* test_prog_whoami.c — seed 001's "who am I" handler under the three TCP
 * servers: TCPServer runs every handler on its main thread, one client at a
 * time; ThreadingTCPServer a new thread per client, in its own process;
 * ForkingTCPServer a new process per client, a child of the server. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
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

/* One answer, its fields parsed. */
struct report {
	char line[1024];
	char server[64];
	long pid, ppid, thread;
	int main_thread;
	char live_threads[512];
	long handler_threads;
};

/* The value of NAME=... in line, copied into value; fails the test if absent. */
static void
field(const char *line, const char *name, char *value, size_t size)
{
	char key[64];

	snprintf(key, sizeof key, "%s=", name);
	const char *start = strstr(line, key);
	if (start == NULL || (start != line && start[-1] != ' '))
		fail_msg("no field %s in the answer \"%s\"", name, line);
	start += strlen(key);
	size_t length = strcspn(start, " ");
	assert_true(length < size);
	memcpy(value, start, length);
	value[length] = '\0';
}

static long
number_field(const char *line, const char *name)
{
	char value[64];

	field(line, name, value, sizeof value);
	return strtol(value, NULL, 10);
}

/* Is thread id (as text) one of the comma-separated list? */
static int
listed(const char *list, long thread)
{
	char copy[512], *save = NULL;

	snprintf(copy, sizeof copy, "%s", list);
	for (char *id = strtok_r(copy, ",", &save); id != NULL; id = strtok_r(NULL, ",", &save))
		if (strtol(id, NULL, 10) == thread)
			return 1;
	return 0;
}

static void
ask(int client, struct report *report)
{
	char value[16];

	assert_int_equal(support_send_all(client, "who am I?\n", 10), 0);
	if (support_read_line(client, report->line, sizeof report->line, SUPPORT_WAIT_MS) < 0)
		fail_msg("no answer from whoami");
	field(report->line, "server", report->server, sizeof report->server);
	report->pid = number_field(report->line, "pid");
	report->ppid = number_field(report->line, "ppid");
	report->thread = number_field(report->line, "thread");
	field(report->line, "main_thread", value, sizeof value);
	report->main_thread = strcmp(value, "yes") == 0;
	field(report->line, "live_threads", report->live_threads, sizeof report->live_threads);
	report->handler_threads = number_field(report->line, "handler_threads");
}

static void
start(support_process *server, const char *class_name)
{
	const char *args[] = {"--listen", "127.0.0.1:0", "--server", class_name, NULL};

	assert_int_equal(support_start(server, "whoami", args, true), 0);
}

static int
connect_to(const support_process *server)
{
	int client = support_connect(server->address);

	assert_true(client >= 0);
	return client;
}

/* The answer names the client's own address: the one the test connected from. */
static void
assert_names_client(int client, const struct report *report)
{
	struct sockaddr_storage me;
	socklen_t length = sizeof me;
	char value[128], expected[16];

	assert_int_equal(getsockname(client, (struct sockaddr *)&me, &length), 0);
	field(report->line, "client_address", value, sizeof value);
	snprintf(expected, sizeof expected, ":%u",
	         (unsigned)ntohs(((struct sockaddr_in *)&me)->sin_port));
	assert_non_null(strstr(value, expected));
	assert_true(strncmp(value, "127.0.0.1:", 10) == 0);
}

static void
tcp_server_one_thread_for_everybody(void **state)
{
	(void)state;
	support_process server;
	struct report first, second;

	start(&server, "TCPServer");
	int client = connect_to(&server);
	ask(client, &first);
	assert_names_client(client, &first);
	close(client); /* the next client is served only once this one has gone */
	client = connect_to(&server);
	ask(client, &second);
	assert_names_client(client, &second);
	close(client);
	assert_string_equal(first.server, "TCPServer");
	assert_int_equal(first.pid, server.pid);
	assert_int_equal(second.pid, server.pid);
	assert_true(first.main_thread && second.main_thread);
	assert_int_equal(first.thread, server.pid); /* the main thread's id is the pid */
	assert_int_equal(second.thread, first.thread);
	assert_int_equal(first.handler_threads, 0);
	assert_int_equal(support_stop(&server, SIGTERM), 0);
}

static void
threading_tcp_server_a_thread_per_client(void **state)
{
	(void)state;
	support_process server;
	struct report first, second, again;

	start(&server, "ThreadingTCPServer");
	int one = connect_to(&server);
	ask(one, &first);
	int two = connect_to(&server); /* while the first is still connected */
	ask(two, &second);
	assert_names_client(one, &first);
	assert_names_client(two, &second);
	assert_string_equal(first.server, "ThreadingTCPServer");
	assert_int_equal(first.pid, server.pid);
	assert_int_equal(second.pid, server.pid);
	assert_false(first.main_thread);
	assert_false(second.main_thread);
	assert_true(first.thread != second.thread);
	/* The second sees both handler threads, and the main one, alive. */
	assert_true(listed(second.live_threads, server.pid));
	assert_true(listed(second.live_threads, first.thread));
	assert_true(listed(second.live_threads, second.thread));
	assert_int_equal(second.handler_threads, 2);
	ask(one, &again); /* the same client, the same thread */
	assert_int_equal(again.thread, first.thread);
	close(one);
	close(two);
	assert_int_equal(support_stop(&server, SIGTERM), 0);
}

static void
forking_tcp_server_a_process_per_client(void **state)
{
	(void)state;
	support_process server;
	struct report first, second, again;

	start(&server, "ForkingTCPServer");
	int one = connect_to(&server);
	ask(one, &first);
	int two = connect_to(&server);
	ask(two, &second);
	assert_string_equal(first.server, "ForkingTCPServer");
	assert_true(first.pid != server.pid);
	assert_true(second.pid != server.pid);
	assert_true(first.pid != second.pid);
	assert_int_equal(first.ppid, server.pid); /* children of the server */
	assert_int_equal(second.ppid, server.pid);
	/* A child is a whole process with one thread: the one that forked. */
	assert_true(first.main_thread && second.main_thread);
	assert_int_equal(first.thread, first.pid);
	assert_true(listed(second.live_threads, second.pid));
#ifndef __SANITIZE_THREAD__
	/* (ThreadSanitizer's runtime starts a thread of its own in the child.) */
	assert_null(strchr(second.live_threads, ','));
#endif
	ask(one, &again);
	assert_int_equal(again.pid, first.pid);
	close(one);
	close(two);
	assert_int_equal(support_stop(&server, SIGTERM), 0);
}

static void
conventions(void **state)
{
	(void)state;
	char text[512];
	const char *help[] = {"--help", NULL};
	const char *unknown[] = {"--listen", "127.0.0.1:0", "--server", "Nonsense", NULL};

	assert_int_equal(support_run_to_exit("whoami", help, true, text, sizeof text), 0);
	assert_non_null(strstr(text, "usage: whoami"));
	assert_int_equal(support_run_to_exit("whoami", unknown, false, text, sizeof text), 2);
	assert_non_null(strstr(text, "unknown server class 'Nonsense'"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(tcp_server_one_thread_for_everybody, count_fds, no_fd_leaked),
		cmocka_unit_test_setup_teardown(threading_tcp_server_a_thread_per_client, count_fds, no_fd_leaked),
		cmocka_unit_test_setup_teardown(forking_tcp_server_a_process_per_client, count_fds, no_fd_leaked),
		cmocka_unit_test_setup_teardown(conventions, count_fds, no_fd_leaked),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
