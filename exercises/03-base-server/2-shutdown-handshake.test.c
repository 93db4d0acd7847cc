/* 2-shutdown-handshake.test.c — your shutdown, against BaseServer's
 * serve_forever: from another thread it returns only once serve_forever has
 * returned, and within about one poll_interval; from the serving thread (a
 * handler) and when nothing serves, it returns at once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "2-shutdown-handshake.h"
#include "support.h"

typedef struct pipe_server {
	ss_server base;
	int requests;              /* a pipe: one byte, one request; 'q' calls shutdown */
	pthread_mutex_t lock;
	pthread_cond_t started;
	bool running;              /* service_actions ran: serve_forever is in its loop */
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

	(void)client_address;
	if (read(((pipe_server *)self)->requests, &byte, 1) != 1)
		return -1;
	request->data = (void *)(intptr_t)byte;
	return 0;
}

static int
pipe_process_request(ss_server *self, ss_request *request, const ss_address *client_address)
{
	(void)client_address;
	if ((char)(intptr_t)request->data == 'q')
		ss_shutdown(self); /* on the serving thread */
	return 0;
}

static void
pipe_service_actions(ss_server *self)
{
	pipe_server *server = (pipe_server *)self;

	pthread_mutex_lock(&server->lock);
	server->running = true;
	pthread_cond_broadcast(&server->started);
	pthread_mutex_unlock(&server->lock);
}

static const ss_server_class pipe_server_class = {
	.name = "PipeServer",
	.base = &ss_base_server,
	.instance_size = sizeof(pipe_server),
	.fileno = pipe_fileno,
	.get_request = pipe_get_request,
	.process_request = pipe_process_request,
	.service_actions = pipe_service_actions,
	.shutdown = exercise_shutdown, /* yours */
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
	pthread_mutex_init(&server->lock, NULL);
	pthread_cond_init(&server->started, NULL);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	pthread_cond_destroy(&server->started);
	pthread_mutex_destroy(&server->lock);
	ss_server_free(&server->base);
	close(pipe_fds[0]);
	close(pipe_fds[1]);
	return 0;
}

static void *
serve(void *poll_interval)
{
	int status = ss_serve_forever(&server->base, *(double *)poll_interval);

	return (void *)(intptr_t)status;
}

static void
wait_until_running(void)
{
	pthread_mutex_lock(&server->lock);
	while (!server->running)
		pthread_cond_wait(&server->started, &server->lock);
	pthread_mutex_unlock(&server->lock);
}

static void
from_another_thread_it_waits_for_serve_forever(void **state)
{
	static double poll_interval = 0.3;
	pthread_t thread;
	void *status;
	double called, took;

	(void)state;
	assert_int_equal(pthread_create(&thread, NULL, serve, &poll_interval), 0);
	wait_until_running();
	called = now();
	ss_shutdown(&server->base);
	took = now() - called;
	/* serve_forever had stopped serving before shutdown returned */
	pthread_mutex_lock(&server->base.shutdown.lock);
	bool still_serving = server->base.shutdown.serving;
	pthread_mutex_unlock(&server->base.shutdown.lock);
	assert_int_equal(pthread_join(thread, &status), 0); /* (before any assertion can leave) */
	assert_false(still_serving);
	assert_int_equal((intptr_t)status, 0);
	assert_true(took < poll_interval + 1.0); /* within about one poll_interval */
}

/* The stub returns at once, while serve_forever may still be in its wait:
 * with a long poll_interval, it surely is. */
static void
it_returns_only_after_serve_forever_has_stopped(void **state)
{
	static double poll_interval = 0.5;
	pthread_t thread;

	(void)state;
	assert_int_equal(pthread_create(&thread, NULL, serve, &poll_interval), 0);
	wait_until_running();
	ss_shutdown(&server->base);
	/* The handshake's promise: when shutdown returns, serve_forever has
	 * left its loop (it may not have returned to its caller yet). */
	pthread_mutex_lock(&server->base.shutdown.lock);
	bool still_serving = server->base.shutdown.serving;
	pthread_mutex_unlock(&server->base.shutdown.lock);
	assert_int_equal(pthread_join(thread, NULL), 0);
	assert_false(still_serving);
}

static void
from_a_handler_it_does_not_deadlock(void **state)
{
	(void)state;
	assert_int_equal(write(pipe_fds[1], "aqb", 3), 3);
	assert_int_equal(ss_serve_forever(&server->base, 0.05), 0); /* returns: no deadlock */
	char left;
	assert_int_equal(read(pipe_fds[0], &left, 1), 1);
	assert_int_equal(left, 'b'); /* stopped right after the request that asked */
}

static void
when_nothing_serves_it_returns_at_once_and_the_next_loop_stops(void **state)
{
	double start = now();

	(void)state;
	ss_shutdown(&server->base);
	assert_true(now() - start < 1.0);
	assert_int_equal(write(pipe_fds[1], "a", 1), 1);
	assert_int_equal(ss_serve_forever(&server->base, 0.05), 0);
	assert_false(server->running); /* not even one pass */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(from_another_thread_it_waits_for_serve_forever, setup, teardown),
		cmocka_unit_test_setup_teardown(it_returns_only_after_serve_forever_has_stopped, setup, teardown),
		cmocka_unit_test_setup_teardown(from_a_handler_it_does_not_deadlock, setup, teardown),
		cmocka_unit_test_setup_teardown(when_nothing_serves_it_returns_at_once_and_the_next_loop_stops,
		                                setup, teardown),
	};

	support_watchdog(30);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
