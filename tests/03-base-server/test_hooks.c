/* test_hooks.c — BaseServer's loop and hooks, in order, with no socket:
 * RecordingServer's requests are bytes on a pipe, one byte a request, and
 * the byte says what goes wrong. Every method logs its name; the tests
 * assert the exact sequences. Then serve_forever (service_actions once a
 * pass), handle_request's timeout, shutdown from another thread, from the
 * serving thread and before serving, and a stop requested as by SIGINT. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base_server.h"
#include "support.h"

/* The request bytes:
 *   'v' verified and handled       'r' rejected by verify_request
 *   'p' process_request fails      's' the handler's setup fails
 *   'h' handle fails               'f' finish fails
 *   'H' handle and finish fail     'g' get_request fails
 *   'q' the handler calls shutdown() (on the serving thread)
 *   'x' handle returns SS_SYSTEM_EXIT (Python's SystemExit)
 *   'X' setup returns SS_SYSTEM_EXIT
 *   'e' handle SS_SYSTEM_EXIT, then finish -1   'E' handle -1, then finish SS_SYSTEM_EXIT */

/* ---- the log ------------------------------------------------------------ */

#define LOG_MAX 256
static const char *log_entries[LOG_MAX];
static size_t log_count;
static char error_seen[256]; /* ss_error() as handle_error saw it */

static void
log_call(const char *name)
{
	if (log_count < LOG_MAX)
		log_entries[log_count++] = name;
}

static void
log_reset(void)
{
	log_count = 0;
	error_seen[0] = '\0';
}

/* Compare the log with the NULL-terminated expected names; print both on a mismatch. */
static void
assert_log(const char *const expected[])
{
	size_t n = 0;
	bool same;

	while (expected[n] != NULL)
		n++;
	same = n == log_count;
	for (size_t i = 0; same && i < n; i++)
		same = strcmp(expected[i], log_entries[i]) == 0;
	if (!same) {
		print_message("expected:");
		for (size_t i = 0; i < n; i++)
			print_message(" %s", expected[i]);
		print_message("\nlogged:  ");
		for (size_t i = 0; i < log_count; i++)
			print_message(" %s", log_entries[i]);
		print_message("\n");
	}
	assert_true(same);
}

static size_t
log_occurrences(const char *name)
{
	size_t count = 0;

	for (size_t i = 0; i < log_count; i++)
		count += strcmp(log_entries[i], name) == 0;
	return count;
}

/* ---- RecordingServer ---------------------------------------------------- */

typedef struct recording_server {
	ss_server base;
	int requests;            /* the read end of the pipe */
	/* service_actions: after this many calls, call shutdown() (0: never) */
	int shutdown_after;
	int stop_after;          /* ...or ss_request_stop() */
	int service_actions;     /* calls so far */
	/* told when serve_forever is running: the first service_actions */
	pthread_mutex_t lock;
	pthread_cond_t changed;
	bool running;
	bool log_calls;          /* false in the threaded tests: the log is not shared */
} recording_server;

extern const ss_server_class recording_server_class;

static char
request_byte(const ss_request *request)
{
	return (char)(intptr_t)request->data;
}

static void
record(ss_server *self, const char *name)
{
	if (((recording_server *)self)->log_calls)
		log_call(name);
}

static int
rec_fileno(ss_server *self)
{
	record(self, "fileno");
	return ((recording_server *)self)->requests;
}

static int
rec_get_request(ss_server *self, ss_request *request, ss_address *client_address)
{
	char byte;

	(void)client_address;
	record(self, "get_request");
	if (read(((recording_server *)self)->requests, &byte, 1) != 1 || byte == 'g')
		return -1;
	request->data = (void *)(intptr_t)byte;
	return 0;
}

static bool
rec_verify_request(ss_server *self, ss_request *request, const ss_address *client_address)
{
	(void)client_address;
	record(self, "verify_request");
	return request_byte(request) != 'r';
}

static int
rec_process_request(ss_server *self, ss_request *request, const ss_address *client_address)
{
	ss_server_class super;

	record(self, "process_request");
	if (request_byte(request) == 'p') {
		ss_set_error("process_request failed");
		return -1;
	}
	ss_server_super(self, &recording_server_class, &super);
	return super.process_request(self, request, client_address);
}

static int
rec_finish_request(ss_server *self, ss_request *request, const ss_address *client_address)
{
	ss_server_class super;

	record(self, "finish_request");
	ss_server_super(self, &recording_server_class, &super);
	return super.finish_request(self, request, client_address);
}

static void
rec_shutdown_request(ss_server *self, ss_request *request)
{
	ss_server_class super;

	record(self, "shutdown_request");
	ss_server_super(self, &recording_server_class, &super);
	super.shutdown_request(self, request); /* BaseServer's calls close_request */
}

static void
rec_close_request(ss_server *self, ss_request *request)
{
	(void)request;
	record(self, "close_request");
}

static void
rec_handle_error(ss_server *self, ss_request *request, const ss_address *client_address)
{
	(void)request, (void)client_address;
	record(self, "handle_error");
	snprintf(error_seen, sizeof error_seen, "%s", ss_error());
}

static void
rec_handle_timeout(ss_server *self)
{
	record(self, "handle_timeout");
}

static void
rec_service_actions(ss_server *self)
{
	recording_server *server = (recording_server *)self;

	record(self, "service_actions");
	server->service_actions++;
	pthread_mutex_lock(&server->lock);
	server->running = true;
	pthread_cond_broadcast(&server->changed);
	pthread_mutex_unlock(&server->lock);
	if (server->service_actions == server->shutdown_after)
		ss_shutdown(self);
	if (server->service_actions == server->stop_after)
		ss_request_stop();
}

const ss_server_class recording_server_class = {
	.name = "RecordingServer",
	.base = &ss_base_server,
	.instance_size = sizeof(recording_server),
	.fileno = rec_fileno,
	.get_request = rec_get_request,
	.verify_request = rec_verify_request,
	.process_request = rec_process_request,
	.finish_request = rec_finish_request,
	.shutdown_request = rec_shutdown_request,
	.close_request = rec_close_request,
	.handle_error = rec_handle_error,
	.handle_timeout = rec_handle_timeout,
	.service_actions = rec_service_actions,
};

/* ---- RecordingHandler --------------------------------------------------- */

static void
handler_record(ss_handler *self, const char *name)
{
	if (((recording_server *)self->server)->log_calls)
		log_call(name);
}

static int
rh_setup(ss_handler *self)
{
	handler_record(self, "setup");
	if (request_byte(self->request) == 's') {
		ss_set_error("setup failed");
		return -1;
	}
	if (request_byte(self->request) == 'X') {
		ss_set_error("setup exits");
		return SS_SYSTEM_EXIT;
	}
	return 0;
}

static int
rh_handle(ss_handler *self)
{
	char byte = request_byte(self->request);

	handler_record(self, "handle");
	if (byte == 'h' || byte == 'H' || byte == 'E') {
		ss_set_error("handle failed");
		return -1;
	}
	if (byte == 'x' || byte == 'e') {
		ss_set_error("handle exits");
		return SS_SYSTEM_EXIT;
	}
	if (byte == 'q')
		ss_shutdown(self->server); /* on the serving thread: must not deadlock */
	return 0;
}

static int
rh_finish(ss_handler *self)
{
	char byte = request_byte(self->request);

	handler_record(self, "finish");
	if (byte == 'f' || byte == 'H' || byte == 'e') {
		ss_set_error("finish failed");
		return -1;
	}
	if (byte == 'E') {
		ss_set_error("finish exits");
		return SS_SYSTEM_EXIT;
	}
	return 0;
}

static const ss_handler_class recording_handler = {
	.name = "RecordingHandler",
	.base = &ss_base_request_handler,
	.setup = rh_setup,
	.handle = rh_handle,
	.finish = rh_finish,
};

/* ---- fixtures ----------------------------------------------------------- */

typedef struct fixture {
	recording_server *server;
	int pipe[2];     /* the test writes request bytes to pipe[1] */
	int fds_before;
} fixture;

static int
setup(void **state)
{
	static fixture f;

	f.fds_before = support_fd_count();
	if (pipe(f.pipe) == -1)
		return -1;
	f.server = (recording_server *)ss_server_new(&recording_server_class, "a pipe",
	                                             &recording_handler, NULL);
	if (f.server == NULL)
		return -1;
	f.server->requests = f.pipe[0];
	f.server->log_calls = true;
	pthread_mutex_init(&f.server->lock, NULL);
	pthread_cond_init(&f.server->changed, NULL);
	log_reset();
	ss_clear_stop();
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	fixture *f = *state;

	pthread_cond_destroy(&f->server->changed);
	pthread_mutex_destroy(&f->server->lock);
	ss_server_free(&f->server->base);
	close(f->pipe[0]);
	close(f->pipe[1]);
	ss_clear_stop();
	assert_int_equal(support_fd_count(), f->fds_before); /* nothing leaked */
	return 0;
}

static void
send_requests(fixture *f, const char *bytes)
{
	size_t length = strlen(bytes);

	assert_int_equal(write(f->pipe[1], bytes, length), (ssize_t)length);
}

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* One request through handle_request (no time limit: the byte is waiting). */
static void
handle_one(fixture *f, const char *byte)
{
	send_requests(f, byte);
	assert_int_equal(ss_handle_request(&f->server->base), 0);
}

/* ---- the hooks, in order ------------------------------------------------ */

static void
a_verified_request_goes_all_the_way(void **state)
{
	static const char *const expected[] = {
		"fileno", "get_request", "verify_request", "process_request", "finish_request",
		"setup", "handle", "finish", "shutdown_request", "close_request", NULL,
	};

	handle_one(*state, "v");
	assert_log(expected);
}

static void
a_rejected_request_is_shut_down_unhandled(void **state)
{
	static const char *const expected[] = {
		"fileno", "get_request", "verify_request", "shutdown_request", "close_request", NULL,
	};

	handle_one(*state, "r");
	assert_log(expected);
}

static void
a_failing_process_request_reaches_handle_error_then_shutdown_request(void **state)
{
	static const char *const expected[] = {
		"fileno", "get_request", "verify_request", "process_request",
		"handle_error", "shutdown_request", "close_request", NULL,
	};

	handle_one(*state, "p");
	assert_log(expected);
	assert_string_equal(error_seen, "process_request failed");
}

static void
a_failing_setup_skips_handle_and_finish(void **state)
{
	static const char *const expected[] = {
		"fileno", "get_request", "verify_request", "process_request", "finish_request",
		"setup", "handle_error", "shutdown_request", "close_request", NULL,
	};

	handle_one(*state, "s");
	assert_log(expected);
	assert_string_equal(error_seen, "setup failed");
}

static void
a_failing_handle_still_runs_finish(void **state)
{
	static const char *const expected[] = {
		"fileno", "get_request", "verify_request", "process_request", "finish_request",
		"setup", "handle", "finish", "handle_error", "shutdown_request", "close_request", NULL,
	};

	handle_one(*state, "h");
	assert_log(expected);
	assert_string_equal(error_seen, "handle failed");
}

/* Python's handle_error would show finish's exception with handle's chained
 * before it; ours names both, handle's first. */
static void
when_handle_and_finish_fail_both_are_named_handles_first(void **state)
{
	static const char *const expected[] = {
		"fileno", "get_request", "verify_request", "process_request", "finish_request",
		"setup", "handle", "finish", "handle_error", "shutdown_request", "close_request", NULL,
	};

	handle_one(*state, "H");
	assert_log(expected);
	assert_string_equal(error_seen, "handle failed; then, in finish: finish failed");
}

/* ---- SS_SYSTEM_EXIT: Python's SystemExit -------------------------------- */

/* test_sync_not_handled: no handle_error, the request still shut down, and
 * handle_request answers SS_SYSTEM_EXIT with ECANCELED. */
static void
a_system_exit_skips_handle_error_but_shuts_the_request_down(void **state)
{
	static const char *const expected[] = {
		"fileno", "get_request", "verify_request", "process_request", "finish_request",
		"setup", "handle", "finish", "shutdown_request", "close_request", NULL,
	};
	fixture *f = *state;

	send_requests(f, "x");
	errno = 0;
	assert_int_equal(ss_handle_request(&f->server->base), SS_SYSTEM_EXIT);
	assert_int_equal(errno, ECANCELED);
	assert_log(expected);
	assert_string_equal(ss_error(), "handle exits");
}

/* A SystemExit from setup: no handle, no finish (setup is outside the try). */
static void
a_system_exit_in_setup_skips_handle_and_finish(void **state)
{
	static const char *const expected[] = {
		"fileno", "get_request", "verify_request", "process_request", "finish_request",
		"setup", "shutdown_request", "close_request", NULL,
	};
	fixture *f = *state;

	send_requests(f, "X");
	assert_int_equal(ss_handle_request(&f->server->base), SS_SYSTEM_EXIT);
	assert_log(expected);
}

/* serve_forever stops at the SystemExit: the requests behind it wait, and
 * no service_actions runs after it (Python's exception leaves the loop). */
static void
a_system_exit_ends_serve_forever(void **state)
{
	fixture *f = *state;

	send_requests(f, "vxv");
	errno = 0;
	assert_int_equal(ss_serve_forever(&f->server->base, 0.01), SS_SYSTEM_EXIT);
	assert_int_equal(errno, ECANCELED);
	assert_int_equal(log_occurrences("handle"), 2);
	assert_int_equal(log_occurrences("handle_error"), 0);
	assert_int_equal(log_occurrences("shutdown_request"), 2);
	assert_string_equal(log_entries[log_count - 1], "close_request");
	/* the server can serve again: the third request is still there */
	log_reset();
	assert_int_equal(ss_handle_request(&f->server->base), 0);
	assert_int_equal(log_occurrences("handle"), 1);
}

/* Both fail, one with SystemExit: finish's kind wins, as in Python, where
 * finish's exception is the one that propagates. */
static void
when_both_fail_finishs_kind_wins(void **state)
{
	fixture *f = *state;

	send_requests(f, "e"); /* handle SystemExit, finish Exception: handle_error, go on */
	assert_int_equal(ss_handle_request(&f->server->base), 0);
	assert_int_equal(log_occurrences("handle_error"), 1);
	assert_string_equal(error_seen, "handle exits; then, in finish: finish failed");

	log_reset();
	send_requests(f, "E"); /* handle Exception, finish SystemExit: stop, no handle_error */
	assert_int_equal(ss_handle_request(&f->server->base), SS_SYSTEM_EXIT);
	assert_int_equal(log_occurrences("handle_error"), 0);
	assert_int_equal(log_occurrences("shutdown_request"), 1);
	assert_string_equal(ss_error(), "handle failed; then, in finish: finish exits");
}

static void
a_failing_finish_is_an_error_too(void **state)
{
	static const char *const expected[] = {
		"fileno", "get_request", "verify_request", "process_request", "finish_request",
		"setup", "handle", "finish", "handle_error", "shutdown_request", "close_request", NULL,
	};

	handle_one(*state, "f");
	assert_log(expected);
	assert_string_equal(error_seen, "finish failed");
}

static void
a_failed_get_request_is_dropped(void **state)
{
	static const char *const expected[] = {"fileno", "get_request", NULL};

	handle_one(*state, "g");
	assert_log(expected);
}

/* After each failure the next request is served as usual. */
static void
failures_do_not_stop_the_server(void **state)
{
	fixture *f = *state;

	send_requests(f, "phsgrHv");
	for (int i = 0; i < 7; i++)
		assert_int_equal(ss_handle_request(&f->server->base), 0);
	assert_int_equal(log_occurrences("handle_error"), 4); /* p h s H */
	assert_int_equal(log_occurrences("handle"), 3);       /* h H v */
	assert_int_equal(log_occurrences("close_request"), 6); /* every request but 'g' */
	assert_string_equal(log_entries[log_count - 1], "close_request");
	assert_string_equal(log_entries[log_count - 3], "finish");
}

/* ---- handle_request and its timeout ------------------------------------- */

static void
handle_request_times_out_once(void **state)
{
	static const char *const expected[] = {"fileno", "handle_timeout", NULL};
	fixture *f = *state;
	double start = now();

	f->server->base.timeout = 0.05;
	assert_int_equal(ss_handle_request(&f->server->base), 0);
	assert_true(now() - start >= 0.05 - 0.001);
	assert_log(expected);
}

static void
handle_request_with_a_request_waiting_does_not_time_out(void **state)
{
	fixture *f = *state;

	f->server->base.timeout = 0.05;
	handle_one(f, "v");
	assert_int_equal(log_occurrences("handle"), 1);
	assert_int_equal(log_occurrences("handle_timeout"), 0);
}

static void
handle_request_with_timeout_zero_just_looks(void **state)
{
	static const char *const expected[] = {"fileno", "handle_timeout", NULL};
	fixture *f = *state;

	f->server->base.timeout = 0;
	assert_int_equal(ss_handle_request(&f->server->base), 0);
	assert_log(expected);
}

/* ---- serve_forever ------------------------------------------------------ */

/* Three requests wait; then idle passes. service_actions ends every pass,
 * ready or idle: after each request, and alone when nothing came. */
static void
serve_forever_calls_service_actions_once_a_pass(void **state)
{
	static const char *const one_request[] = {
		"get_request", "verify_request", "process_request", "finish_request", "setup",
		"handle", "finish", "shutdown_request", "close_request",
	};
	fixture *f = *state;
	size_t at = 1;

	send_requests(f, "vvv");
	f->server->shutdown_after = 6; /* 3 ready passes, 3 idle ones */
	assert_int_equal(ss_serve_forever(&f->server->base, 0.01), 0);

	assert_string_equal(log_entries[0], "fileno");
	for (int pass = 0; pass < 3; pass++) {
		for (size_t i = 0; i < sizeof one_request / sizeof one_request[0]; i++)
			assert_string_equal(log_entries[at++], one_request[i]);
		assert_string_equal(log_entries[at++], "service_actions");
	}
	for (int pass = 0; pass < 3; pass++)
		assert_string_equal(log_entries[at++], "service_actions");
	assert_int_equal(at, log_count); /* and nothing after: shutdown ended the loop */
	assert_int_equal(f->server->service_actions, 6);
}

/* Each pass handles at most one request: with five waiting and shutdown()
 * in the third service_actions, exactly three are handled. */
static void
one_request_a_pass_and_none_after_shutdown(void **state)
{
	fixture *f = *state;

	send_requests(f, "vvvvv");
	f->server->shutdown_after = 3;
	assert_int_equal(ss_serve_forever(&f->server->base, 0.01), 0);
	assert_int_equal(log_occurrences("handle"), 3);
	assert_int_equal(log_occurrences("service_actions"), 3);
}

/* A handler calls shutdown() on the serving thread: Python would deadlock;
 * ours stops after this request, and the request waiting behind it stays. */
static void
shutdown_from_a_handler_does_not_deadlock(void **state)
{
	fixture *f = *state;
	char left;

	send_requests(f, "vqv");
	assert_int_equal(ss_serve_forever(&f->server->base, 0.01), 0);
	assert_int_equal(log_occurrences("handle"), 2);
	assert_string_equal(log_entries[log_count - 1], "service_actions");
	assert_int_equal(read(f->pipe[0], &left, 1), 1);
	assert_int_equal(left, 'v');
}

/* shutdown() while nothing serves returns at once; the flag stays set, so
 * the next serve_forever stops before its first pass. And it resets the
 * flag: the one after serves again. */
static void
shutdown_before_serving_stops_the_next_serve_forever(void **state)
{
	static const char *const expected[] = {"fileno", NULL};
	fixture *f = *state;

	send_requests(f, "v");
	ss_shutdown(&f->server->base);
	assert_int_equal(ss_serve_forever(&f->server->base, 0.01), 0);
	assert_log(expected);

	log_reset();
	f->server->shutdown_after = 1;
	assert_int_equal(ss_serve_forever(&f->server->base, 0.01), 0);
	assert_int_equal(log_occurrences("handle"), 1);
}

/* What SIGINT does (the handler of ss_stop_on_signals calls ss_request_stop):
 * serve_forever returns -1 with EINTR. */
static void
a_requested_stop_makes_serve_forever_return_eintr(void **state)
{
	fixture *f = *state;

	f->server->stop_after = 2;
	errno = 0;
	assert_int_equal(ss_serve_forever(&f->server->base, 0.01), -1);
	assert_int_equal(errno, EINTR);
	assert_int_equal(f->server->service_actions, 2);

	/* requested before serving: not even one pass */
	log_reset();
	errno = 0;
	assert_int_equal(ss_serve_forever(&f->server->base, 0.01), -1);
	assert_int_equal(errno, EINTR);
	assert_int_equal(log_occurrences("service_actions"), 0);
}

/* ---- shutdown from another thread --------------------------------------- */

struct serving {
	recording_server *server;
	double poll_interval;
	int status;
	double returned_at;
};

static void *
serve(void *argument)
{
	struct serving *serving = argument;

	serving->status = ss_serve_forever(&serving->server->base, serving->poll_interval);
	serving->returned_at = now();
	return NULL;
}

static void
wait_until_serving(recording_server *server)
{
	pthread_mutex_lock(&server->lock);
	while (!server->running)
		pthread_cond_wait(&server->changed, &server->lock);
	pthread_mutex_unlock(&server->lock);
}

/* shutdown() returns once serve_forever has returned — within about one
 * poll_interval, the longest serve_forever can spend in select. */
static void
shutdown_from_another_thread_returns_within_poll_interval(void **state)
{
	fixture *f = *state;
	struct serving serving = {.server = f->server, .poll_interval = 0.2, .status = -2};
	pthread_t thread;
	double called, returned;

	f->server->log_calls = false; /* the log is not thread-safe; nothing to log here */
	assert_int_equal(pthread_create(&thread, NULL, serve, &serving), 0);
	wait_until_serving(f->server);

	called = now();
	ss_shutdown(&f->server->base);
	returned = now();
	/* serve_forever had returned (it wrote returned_at just after, so join to read it) */
	assert_int_equal(pthread_join(thread, NULL), 0);
	assert_int_equal(serving.status, 0);
	assert_true(returned - called < serving.poll_interval + 0.5);
	print_message("shutdown() took %.3f s with poll_interval %.1f s\n", returned - called,
	              serving.poll_interval);
}

/* Requests arriving while another thread shuts down: whatever was handled
 * was handled whole, and shutdown still returns. */
static void
shutdown_from_another_thread_while_requests_flow(void **state)
{
	fixture *f = *state;
	struct serving serving = {.server = f->server, .poll_interval = 0.05, .status = -2};
	pthread_t thread;

	f->server->log_calls = false;
	assert_int_equal(pthread_create(&thread, NULL, serve, &serving), 0);
	send_requests(f, "vvvvvvvvvv");
	wait_until_serving(f->server);
	ss_shutdown(&f->server->base);
	assert_int_equal(pthread_join(thread, NULL), 0);
	assert_int_equal(serving.status, 0);
}

/* The documented contract of a shutdown() while nothing serves (base_shutdown,
 * the book's "shutdown(), done better"): from any thread, it returns at once
 * — before serve_forever ever ran, and after a run had ended (Python: it
 * deadlocks in the first case, returns in the second) — and the flag stays
 * set, so the next serve_forever returns before its first pass, leaving the
 * waiting request alone; that run resets the flag, and the one after serves. */
struct shutdown_call {
	ss_server *server;
	int done; /* the write end of a pipe: a byte once shutdown() returned */
};

static void *
call_shutdown(void *argument)
{
	struct shutdown_call *call = argument;

	ss_shutdown(call->server);
	if (write(call->done, "x", 1) != 1)
		abort();
	return NULL;
}

static void
shutdown_from_another_thread_while_nothing_serves_returns_at_once(void **state)
{
	static const char *const expected[] = {"fileno", NULL};
	fixture *f = *state;
	int done[2];

	assert_int_equal(pipe(done), 0);
	for (int already_served = 0; already_served <= 1; already_served++) {
		struct shutdown_call call = {.server = &f->server->base, .done = done[1]};
		pthread_t thread;
		char byte;

		if (already_served) { /* one whole run first, ended by shutdown() */
			f->server->shutdown_after = f->server->service_actions + 1;
			assert_int_equal(ss_serve_forever(&f->server->base, 0.01), 0);
		}
		assert_int_equal(pthread_create(&thread, NULL, call_shutdown, &call), 0);
		/* bounded: a shutdown() that waited for a serve_forever would fail here */
		assert_int_equal(support_wait_readable(done[0], SUPPORT_WAIT_MS), 1);
		assert_int_equal(read(done[0], &byte, 1), 1);
		assert_int_equal(pthread_join(thread, NULL), 0);

		send_requests(f, "v");
		log_reset();
		f->server->shutdown_after = 0;
		assert_int_equal(ss_serve_forever(&f->server->base, 0.01), 0);
		assert_log(expected); /* before its first pass: no request, no service_actions */

		log_reset();
		f->server->shutdown_after = f->server->service_actions + 1;
		assert_int_equal(ss_serve_forever(&f->server->base, 0.01), 0);
		assert_int_equal(log_occurrences("handle"), 1); /* the flag was reset: it serves */
	}
	close(done[0]);
	close(done[1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(a_verified_request_goes_all_the_way),
		T(a_rejected_request_is_shut_down_unhandled),
		T(a_failing_process_request_reaches_handle_error_then_shutdown_request),
		T(a_failing_setup_skips_handle_and_finish),
		T(a_failing_handle_still_runs_finish),
		T(when_handle_and_finish_fail_both_are_named_handles_first),
		T(a_system_exit_skips_handle_error_but_shuts_the_request_down),
		T(a_system_exit_in_setup_skips_handle_and_finish),
		T(a_system_exit_ends_serve_forever),
		T(when_both_fail_finishs_kind_wins),
		T(a_failing_finish_is_an_error_too),
		T(a_failed_get_request_is_dropped),
		T(failures_do_not_stop_the_server),
		T(handle_request_times_out_once),
		T(handle_request_with_a_request_waiting_does_not_time_out),
		T(handle_request_with_timeout_zero_just_looks),
		T(serve_forever_calls_service_actions_once_a_pass),
		T(one_request_a_pass_and_none_after_shutdown),
		T(shutdown_from_a_handler_does_not_deadlock),
		T(shutdown_before_serving_stops_the_next_serve_forever),
		T(shutdown_from_another_thread_while_nothing_serves_returns_at_once),
		T(a_requested_stop_makes_serve_forever_return_eintr),
		T(shutdown_from_another_thread_returns_within_poll_interval),
		T(shutdown_from_another_thread_while_requests_flow),
#undef T
	};

	support_watchdog(60);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
