/* test_trace_matches_diagram.c — the diagrams of chapter 8 tell what the
 * pool and the preforked server really do. bench-line-echo runs with
 * SS_TRACE=1 as the pool (each thread accepting, then the hand-off) and as
 * the preforked server (with a child that dies and is replaced: the
 * arbiter's restart path), and `trace check --only-diagram-nodes` compares
 * the calls of every thread and child with the diagram, the `~>` edges from
 * serve_forever to the pool threads and from spawn_child to the child
 * included. The diagrams are generated from the current sources into a
 * temporary directory, as chapters 4 and 5 do. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fcntl.h>
#include <pthread.h>
#include <sys/socket.h>

#include "designs.h"
#include "support.h"

#define TRACE_TOOL "tools/trace"
#define DIAGRAM_TOOL "tools/diagram"
#define CHAPTERS "chapters/01-accept-loop chapters/02-select chapters/03-base-server " \
                 "chapters/04-tcp-server chapters/05-mixins chapters/06-request-handlers " \
                 "chapters/07-library chapters/08-designs"

static char work[256];
static bool have_diagrams;

static void
print_file(const char *name)
{
	char path[300], line[512];

	snprintf(path, sizeof path, "%s/%s", work, name);
	FILE *in = fopen(path, "r");
	while (in != NULL && fgets(line, sizeof line, in) != NULL)
		print_message("%s", line);
	if (in != NULL)
		fclose(in);
}

static int
setup(void **state)
{
	(void)state;
	support_watchdog(60);
	snprintf(work, sizeof work, "%s", support_temp_dir());
	if (access(TRACE_TOOL, X_OK) == 0 && access(DIAGRAM_TOOL, X_OK) == 0) {
		char command[1024];
		snprintf(command, sizeof command, "%s generate --out %s %s >%s/generate.out 2>&1",
		         DIAGRAM_TOOL, work, CHAPTERS, work);
		fflush(NULL);
		have_diagrams = system(command) == 0;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	support_remove_temp_dir(work);
	return 0;
}

static void
require_diagrams(void)
{
	if (access(TRACE_TOOL, X_OK) != 0 || access(DIAGRAM_TOOL, X_OK) != 0)
		fail_msg("%s or %s is missing or not executable", TRACE_TOOL, DIAGRAM_TOOL);
	if (!have_diagrams) {
		print_file("generate.out");
		fail_msg("diagram generate failed");
	}
}

static void
echo(int client, const char *message)
{
	char reply[64];
	size_t length = strlen(message);

	assert_int_equal(support_send_all(client, message, length), 0);
	assert_int_equal(support_recv_exact(client, reply, length, SUPPORT_WAIT_MS), 0);
	assert_memory_equal(reply, message, length);
}

/* Start bench-line-echo traced, hold a few conversations (one ends with a
 * reset: handle_error), stop it with SIGTERM and keep its stderr, the trace. */
static void
traced_run(const char *const args[], const char *trace_name, bool kill_a_child,
           const char *wait_for)
{
	support_process server;
	char path[300], line[1024];

	assert_int_equal(support_start(&server, "bench-line-echo", args, true), 0);
	for (int i = 0; i < 3; i++) {
		int client = support_connect(server.address);
		assert_true(client >= 0);
		echo(client, "hello\n");
		echo(client, "again\n");
		if (i == 1)
			support_close_with_reset(client);
		else
			close(client);
	}
	snprintf(path, sizeof path, "%s/%s", work, trace_name);
	FILE *out = fopen(path, "w");
	assert_non_null(out);
	if (wait_for != NULL) { /* a call that comes in its own time (every poll_interval) */
		bool seen = false;
		while (!seen && support_read_line(server.stderr_fd, line, sizeof line, SUPPORT_WAIT_MS) >= 0) {
			fprintf(out, "%s\n", line);
			seen = strstr(line, wait_for) != NULL;
		}
		assert_true(seen);
	}
	if (kill_a_child) {
		/* the arbiter restarts a child that dies: wait for its report */
		bool seen = false;
		char command[128];
		snprintf(command, sizeof command, "pkill -KILL -P %ld -n", (long)server.pid);
		fflush(NULL);
		assert_int_equal(system(command), 0); /* the newest of the server's own children */
		while (!seen && support_read_line(server.stderr_fd, line, sizeof line, SUPPORT_WAIT_MS) >= 0) {
			fprintf(out, "%s\n", line);
			seen = strstr(line, "starting another") != NULL;
		}
		assert_true(seen);
		int client = support_connect(server.address); /* the replacement serves */
		assert_true(client >= 0);
		echo(client, "after\n");
		close(client);
	}
	assert_int_equal(kill(server.pid, SIGTERM), 0);
	while (support_read_line(server.stderr_fd, line, sizeof line, SUPPORT_WAIT_MS) >= 0)
		fprintf(out, "%s\n", line);
	fclose(out);
	assert_int_equal(support_stop(&server, 0), 0);
}

static void
assert_check_passes(const char *diagram, const char *traces)
{
	char command[1200];

	snprintf(command, sizeof command,
	         "cd %s && %s/%s check --only-diagram-nodes %s.dot %s >check.out 2>&1", work,
	         getenv("PWD") ? getenv("PWD") : ".", TRACE_TOOL, diagram, traces);
	fflush(NULL);
	int status = system(command);
	if (status != 0)
		print_file("check.out");
	assert_int_equal(status, 0);
}

/* ---- the paths a conversation does not take, in this process ---- */

static bool
reject_every_request(ss_server *self, ss_request *request, const ss_address *client_address)
{
	(void)self, (void)request, (void)client_address;
	return false;
}

static const ss_server_class rejecting_pool = {
	.name = "RejectingPoolTCPServer",
	.base = &ss_pool_tcp_server,
	.verify_request = reject_every_request,
};

typedef struct serving {
	ss_server *server;
	int status;
} serving;

static void *
serve(void *argument)
{
	serving *s = argument;
	s->status = ss_serve_forever(s->server, 0.01);
	return NULL;
}

/* A pool thread that accepts a request verify_request rejects (it is shut
 * down unserved), and a hand-off pool asked to handle_request while it is
 * not serving (process_request fails: handle_error, shutdown_request). */
static void
record_in_process(const char *path)
{
	int trace = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	int saved_stderr = dup(STDERR_FILENO);
	assert_true(trace >= 0 && saved_stderr >= 0);
	fflush(stderr);
	dup2(trace, STDERR_FILENO);
	close(trace);

	ss_server *server = ss_server_new(&rejecting_pool, "127.0.0.1:0", &ss_base_request_handler, NULL);
	bool ok = server != NULL;
	if (ok) {
		ss_pool_attributes_of(server)->pool_size = 1;
		serving s = {.server = server};
		pthread_t thread;
		ok = pthread_create(&thread, NULL, serve, &s) == 0;
		int client = ok ? support_connect(server->server_address) : -1;
		ok = ok && client >= 0 && support_peer_closed(client, SUPPORT_WAIT_MS);
		if (client >= 0)
			close(client);
		ss_shutdown(server);
		pthread_join(thread, NULL);
		ss_server_free(server);
	}
	server = ss_server_new(&ss_pool_tcp_server, "127.0.0.1:0", &ss_base_request_handler, NULL);
	if (ok && server != NULL) {
		ss_pool_attributes_of(server)->accept_in_threads = false;
		int client = support_connect(server->server_address);
		ok = client >= 0 && ss_handle_request(server) == 0 &&
		     support_peer_closed(client, SUPPORT_WAIT_MS);
		if (client >= 0)
			close(client);
	}
	if (server != NULL)
		ss_server_free(server);
	fflush(stderr);
	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);
	if (!ok)
		fail_msg("the in-process pools did not shut their requests down");
}

static void
pool_matches_08_pool_tcp(void **state)
{
	(void)state;
	require_diagrams();
	const char *accepting[] = {"--server", "pool", "--pool-size", "3", "--listen", "127.0.0.1:0", NULL};
	const char *hand_off[] = {"--server", "pool", "--pool-size", "3", "--hand-off",
	                          "--listen", "127.0.0.1:0", NULL};
	char path[300];
	traced_run(accepting, "pool-accepting.trace", false, "BaseServer.service_actions");
	traced_run(hand_off, "pool-hand-off.trace", false, NULL);
	snprintf(path, sizeof path, "%s/in-process.trace", work);
	record_in_process(path);
	assert_check_passes("08-pool-tcp", "pool-accepting.trace pool-hand-off.trace in-process.trace");
}

static void
prefork_matches_08_prefork_tcp(void **state)
{
	(void)state;
	require_diagrams();
	const char *prefork[] = {"--server", "prefork", "--pool-size", "2", "--listen", "127.0.0.1:0", NULL};
	traced_run(prefork, "prefork.trace", true, NULL);
	assert_check_passes("08-prefork-tcp", "prefork.trace");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pool_matches_08_pool_tcp),
		cmocka_unit_test(prefork_matches_08_prefork_tcp),
	};
	/* The in-process servers trace too: SS_TRACE is read once, at the
	 * first traced call, so it is set before any. */
	setenv("SS_TRACE", "1", 1);
	return cmocka_run_group_tests(tests, setup, teardown);
}
