/* test_trace_threads.c — SS_TRACE=1 across threads and processes: every
 * line whole (one write each, never interleaved), the handler thread's
 * lines under a thread number of their own starting at depth 0 with
 * ThreadingMixIn.process_request_thread, the forked child's lines under the
 * child's pid, continuing below ForkingMixIn.process_request. The trace
 * goes to a file: this process's stderr, redirected for the test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>

#include "mixin_test.h"

typedef struct trace_line {
	long pid;
	int tid, depth;
	char call[128];
} trace_line;

static char trace_path[300];
static int saved_stderr = -1;

static void
trace_to_file(void)
{
	if (trace_path[0] == '\0')
		snprintf(trace_path, sizeof trace_path, "%s/trace", support_temp_dir());
	int fd = open(trace_path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	fflush(stderr);
	saved_stderr = dup(STDERR_FILENO);
	assert_int_equal(dup2(fd, STDERR_FILENO), STDERR_FILENO);
	close(fd);
}

static void
trace_back_to_stderr(void)
{
	fflush(stderr);
	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);
}

/* Read the trace; every line must parse. Returns the count. */
static int
read_trace(trace_line *lines, int capacity)
{
	FILE *in = fopen(trace_path, "r");
	char text[512];
	int count = 0;

	assert_non_null(in);
	while (fgets(text, sizeof text, in) != NULL) {
		trace_line line;
		if (strncmp(text, "ss-trace ", 9) != 0)
			continue; /* handle_error's report, say */
		if (sscanf(text, "ss-trace pid=%ld tid=%d depth=%d %127s", &line.pid, &line.tid,
		           &line.depth, line.call) != 4)
			fail_msg("a broken trace line: %s", text);
		assert_true(count < capacity);
		lines[count++] = line;
	}
	fclose(in);
	return count;
}

static const trace_line *
find(const trace_line *lines, int count, const char *call)
{
	for (int i = 0; i < count; i++)
		if (strcmp(lines[i].call, call) == 0)
			return &lines[i];
	return NULL;
}

static trace_line lines[20000];

static void
serve_three_clients(const ss_server_class *cls)
{
	ss_server *server = ss_server_new(cls, "127.0.0.1:0", &echo_handler, NULL);
	assert_non_null(server);
	for (int i = 0; i < 3; i++) {
		int client = support_connect(server->server_address);
		assert_true(client >= 0);
		assert_int_equal(ss_handle_request(server), 0);
		assert_int_equal(echo_once(client, false, "trace me", 8), 0);
		finish_client(client);
	}
	ss_server_free(server);
}

static void
threads_trace_under_their_own_number(void **state)
{
	(void)state;
	trace_to_file();
	serve_three_clients(&ss_threading_tcp_server);
	trace_back_to_stderr();

	int count = read_trace(lines, 20000);
	const trace_line *request = find(lines, count, "ThreadingMixIn.process_request");
	assert_non_null(request);
	int threads[3], found = 0;
	for (int i = 0; i < count; i++) {
		if (strcmp(lines[i].call, "ThreadingMixIn.process_request_thread") != 0)
			continue;
		assert_int_equal(lines[i].depth, 0);       /* the root of its thread's tree */
		assert_int_not_equal(lines[i].tid, request->tid);
		assert_int_equal(lines[i].pid, (long)getpid());
		for (int j = 0; j < found; j++)
			assert_int_not_equal(threads[j], lines[i].tid); /* a number per thread */
		assert_true(found < 3);
		threads[found++] = lines[i].tid;
	}
	assert_int_equal(found, 3);
	/* ...and handle runs in that thread, below it */
	bool handled_in_a_handler_thread = false;
	for (int i = 0; i < count; i++)
		if (strcmp(lines[i].call, "EchoHandler.handle") == 0 && lines[i].tid == threads[0] &&
		    lines[i].depth > 0)
			handled_in_a_handler_thread = true;
	assert_true(handled_in_a_handler_thread);
}

static void
children_trace_under_their_own_pid(void **state)
{
	(void)state;
	trace_to_file();
	serve_three_clients(&ss_forking_tcp_server);
	trace_back_to_stderr();

	int count = read_trace(lines, 20000);
	const trace_line *request = find(lines, count, "ForkingMixIn.process_request");
	assert_non_null(request);
	assert_int_equal(request->pid, (long)getpid());
	long children[3];
	int found = 0;
	for (int i = 0; i < count; i++) {
		if (strcmp(lines[i].call, "ForkingMixIn.process_request_child") != 0)
			continue;
		assert_int_not_equal(lines[i].pid, (long)getpid());
		assert_int_equal(lines[i].depth, request->depth + 1); /* below process_request */
		assert_true(found < 3);
		children[found++] = lines[i].pid;
	}
	assert_int_equal(found, 3);
	bool handled_in_a_child = false;
	for (int i = 0; i < count; i++)
		if (strcmp(lines[i].call, "EchoHandler.handle") == 0 && lines[i].pid == children[1])
			handled_in_a_child = true;
	assert_true(handled_in_a_child);
	/* the parent closes its copy of each request, and never handles one */
	for (int i = 0; i < count; i++)
		if (lines[i].pid == (long)getpid())
			assert_string_not_equal(lines[i].call, "EchoHandler.handle");
}

/* Many threads tracing at once: no line is torn. */
static void
concurrent_lines_stay_whole(void **state)
{
	(void)state;
	enum { CLIENTS = 20 };
	int clients[CLIENTS];

	trace_to_file();
	ss_server *server = ss_server_new(&ss_threading_tcp_server, "127.0.0.1:0", &echo_handler, NULL);
	assert_non_null(server);
	background serving;
	serve_in_background(&serving, server);
	for (int i = 0; i < CLIENTS; i++)
		clients[i] = support_connect(server->server_address);
	for (int round = 0; round < 5; round++)
		for (int i = 0; i < CLIENTS; i++)
			assert_int_equal(echo_once(clients[i], false, "interleave?", 11), 0);
	for (int i = 0; i < CLIENTS; i++)
		close(clients[i]);
	stop_background(&serving);
	ss_server_free(server);
	trace_back_to_stderr();
	int count = read_trace(lines, 20000); /* fails on a torn line */
	assert_true(count > CLIENTS * 5);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(threads_trace_under_their_own_number),
		cmocka_unit_test(children_trace_under_their_own_pid),
		cmocka_unit_test(concurrent_lines_stay_whole),
	};
	setenv("SS_TRACE", "1", 1); /* read once, at the first trace point */
	warm_up_threads();
	support_watchdog(60);
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	char dir[300];
	snprintf(dir, sizeof dir, "%s", trace_path);
	char *slash = strrchr(dir, '/');
	if (slash != NULL) {
		*slash = '\0';
		support_remove_temp_dir(dir);
	}
	return failed;
}
