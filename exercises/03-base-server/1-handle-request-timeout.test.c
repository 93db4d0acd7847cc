/* 1-handle-request-timeout.test.c — your handle_request, in a server whose
 * requests are bytes on a pipe: with a request waiting, with none (time
 * out, once), with timeout 0, with no timeout and a request that comes late,
 * and the deadline kept when wakeups come early. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "1-handle-request-timeout.h"
#include "support.h"

typedef struct pipe_server {
	ss_server base;
	int requests;  /* the read end of the pipe: one byte, one request */
	int handled;
	int timeouts;
} pipe_server;

static int
pipe_fileno(ss_server *self)
{
	return ((pipe_server *)self)->requests;
}

static int
pipe_get_request(ss_server *self, ss_request *request, ss_address *client_address)
{
	char byte;

	(void)request, (void)client_address;
	return read(((pipe_server *)self)->requests, &byte, 1) == 1 ? 0 : -1;
}

static int
pipe_process_request(ss_server *self, ss_request *request, const ss_address *client_address)
{
	(void)request, (void)client_address;
	((pipe_server *)self)->handled++;
	return 0;
}

static void
pipe_handle_timeout(ss_server *self)
{
	((pipe_server *)self)->timeouts++;
}

static const ss_server_class pipe_server_class = {
	.name = "PipeServer",
	.base = &ss_base_server,
	.instance_size = sizeof(pipe_server),
	.fileno = pipe_fileno,
	.get_request = pipe_get_request,
	.process_request = pipe_process_request,
	.handle_timeout = pipe_handle_timeout,
	.handle_request = exercise_handle_request, /* yours */
};

static pipe_server *server;
static int pipe_fds[2];

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int
setup(void **state)
{
	(void)state;
	if (pipe(pipe_fds) == -1)
		return -1;
	server = (pipe_server *)ss_server_new(&pipe_server_class, "a pipe", NULL, NULL);
	if (server == NULL)
		return -1;
	server->requests = pipe_fds[0];
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	ss_server_free(&server->base);
	close(pipe_fds[0]);
	close(pipe_fds[1]);
	return 0;
}

static void
a_waiting_request_is_handled_without_a_timeout(void **state)
{
	(void)state;
	server->base.timeout = 0.5;
	assert_int_equal(write(pipe_fds[1], "x", 1), 1);
	assert_int_equal(ss_handle_request(&server->base), 0);
	assert_int_equal(server->handled, 1);
	assert_int_equal(server->timeouts, 0);
}

static void
no_request_times_out_once_after_the_timeout(void **state)
{
	double start = now(), took;

	(void)state;
	server->base.timeout = 0.2;
	assert_int_equal(ss_handle_request(&server->base), 0);
	took = now() - start;
	assert_int_equal(server->timeouts, 1);
	assert_int_equal(server->handled, 0);
	assert_true(took >= 0.2 - 0.002); /* not before the time is up... */
	assert_true(took < 2.0);          /* ...and not much after */
}

static void
timeout_zero_just_looks(void **state)
{
	double start = now();

	(void)state;
	server->base.timeout = 0;
	assert_int_equal(ss_handle_request(&server->base), 0);
	assert_int_equal(server->timeouts, 1);
	assert_true(now() - start < 1.0);
}

static void *
write_late(void *unused)
{
	struct timespec a_while = {0, 100000000}; /* the request comes 0.1 s late */

	(void)unused;
	nanosleep(&a_while, NULL);
	if (write(pipe_fds[1], "x", 1) != 1)
		return (void *)1;
	return NULL;
}

static void
without_a_timeout_it_waits_for_the_request(void **state)
{
	pthread_t writer;

	(void)state;
	server->base.timeout = SS_NO_TIMEOUT;
	assert_int_equal(pthread_create(&writer, NULL, write_late, NULL), 0);
	assert_int_equal(ss_handle_request(&server->base), 0);
	assert_int_equal(pthread_join(writer, NULL), 0);
	assert_int_equal(server->handled, 1);
	assert_int_equal(server->timeouts, 0);
}

/* One request per call: two waiting, one call, one handled. */
static void
one_request_per_call(void **state)
{
	(void)state;
	server->base.timeout = 0.5;
	assert_int_equal(write(pipe_fds[1], "xy", 2), 2);
	assert_int_equal(ss_handle_request(&server->base), 0);
	assert_int_equal(server->handled, 1);
	assert_int_equal(ss_handle_request(&server->base), 0);
	assert_int_equal(server->handled, 2);
	assert_int_equal(server->timeouts, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_waiting_request_is_handled_without_a_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(no_request_times_out_once_after_the_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(timeout_zero_just_looks, setup, teardown),
		cmocka_unit_test_setup_teardown(without_a_timeout_it_waits_for_the_request, setup, teardown),
		cmocka_unit_test_setup_teardown(one_request_per_call, setup, teardown),
	};

	support_watchdog(10); /* the untouched stub waits for ever: this ends it */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
