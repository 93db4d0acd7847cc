/* test_pool.c — PoolMixIn, in both of its modes (each thread accepting, and
 * the bounded hand-off queue): every byte of 100 simultaneous clients comes
 * back through a pool of 8; the cap on connections in service holds, and
 * the client past it waits instead of being dropped; a handler that fails
 * is reported and its thread serves on; a shutdown under load (persistent
 * and short connections) ends without a hang; the server serves again after
 * it; nothing is left: no fd, no thread. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdatomic.h>

#include "designs_test.h"

static const bool modes[] = {true, false}; /* accept_in_threads */

static const char *
mode_name(bool accept_in_threads)
{
	return accept_in_threads ? "accept in threads" : "hand-off";
}

static ss_server *
new_pool(bool accept_in_threads, int size, const ss_handler_class *handler)
{
	ss_server *server = ss_server_new(&ss_pool_tcp_server, "127.0.0.1:0", handler, NULL);
	assert_non_null(server);
	ss_pool_attributes *attributes = ss_pool_attributes_of(server);
	assert_non_null(attributes);
	attributes->pool_size = size;
	attributes->queue_size = size;
	attributes->accept_in_threads = accept_in_threads;
	return server;
}

static void
test_defaults_and_class(void **state)
{
	(void)state;
	ss_server *server = ss_server_new(&ss_pool_tcp_server, "127.0.0.1:0", &echo_handler, NULL);
	assert_non_null(server);
	assert_int_equal(ss_pool_attributes_of(server)->pool_size, 32);
	assert_true(ss_pool_attributes_of(server)->accept_in_threads);
	assert_int_equal(ss_socket_server_of(server)->attributes.request_queue_size, 1024);
	assert_null(ss_prefork_attributes_of(server));
	assert_int_equal(ss_pool_threads(server), 0);
	ss_server_free(server);
	server = ss_server_new(&ss_tcp_server, "127.0.0.1:0", &echo_handler, NULL);
	assert_null(ss_pool_attributes_of(server));
	ss_server_free(server);
}

static void
test_hundred_clients_every_byte(void **state)
{
	(void)state;
	for (size_t m = 0; m < 2; m++) {
		int fds = support_fd_count(), threads = thread_count();
		ss_server *server = new_pool(modes[m], 8, &echo_handler);
		background serving;
		serve_in_background(&serving, server);
		WAIT_UNTIL(ss_pool_threads(server) == 8);
		print_message("%s: 100 clients through 8 threads\n", mode_name(modes[m]));
		assert_int_equal(echo_many_at_once(server->server_address, 100), 100);
		stop_background(&serving);
		assert_int_equal(serving.status, 0);
		assert_int_equal(ss_pool_threads(server), 0);
		ss_server_free(server);
		assert_int_equal(thread_count(), threads);
		assert_int_equal(support_fd_count(), fds);
	}
}

/* A pool of 2: two clients in service; the third is accepted by nobody (or
 * queued), gets no echo, is not dropped — and is served when one leaves. */
static void
test_cap_and_back_pressure(void **state)
{
	(void)state;
	for (size_t m = 0; m < 2; m++) {
		ss_server *server = new_pool(modes[m], 2, &echo_handler);
		ss_pool_attributes_of(server)->queue_size = 1;
		background serving;
		serve_in_background(&serving, server);
		int a = support_connect(server->server_address);
		int b = support_connect(server->server_address);
		int c = support_connect(server->server_address);
		assert_true(a >= 0 && b >= 0 && c >= 0);
		assert_int_equal(echo_once(a, false, "a\n", 2), 0);
		assert_int_equal(echo_once(b, false, "b\n", 2), 0);
		assert_int_equal(ss_pool_in_service(server), 2);
		assert_int_equal(support_send_all(c, "c\n", 2), 0);
		/* c waits: no thread is free. (A bounded look: the echo, if it
		 * came, would come in microseconds.) */
		assert_int_equal(support_wait_readable(c, 200), 0);
		assert_int_equal(ss_pool_in_service(server), 2);
		finish_client(a);
		char reply[2];
		assert_int_equal(support_recv_exact(c, reply, 2, SUPPORT_WAIT_MS), 0);
		assert_memory_equal(reply, "c\n", 2);
		assert_true(ss_pool_in_service(server) <= 2);
		finish_client(b);
		finish_client(c);
		stop_background(&serving);
		ss_server_free(server);
	}
}

/* ---- a handler that fails --------------------------------------------- */

static atomic_int errors_handled;

static int
failing_handle(ss_handler *self)
{
	SS_TRACE("FailingHandler", "handle");
	char line[8];
	if (support_recv_exact(self->request->fd, line, 5, SUPPORT_WAIT_MS) == -1)
		return -1;
	if (memcmp(line, "fail\n", 5) == 0) {
		ss_set_error("the handler failed on purpose");
		return -1;
	}
	return ss_send_all(self->request->fd, line, 5) == 5 ? 0 : -1;
}

static const ss_handler_class failing_handler = {
	.name = "FailingHandler", .base = &ss_base_request_handler, .handle = failing_handle,
};

static void
counting_handle_error(ss_server *self, ss_request *request, const ss_address *client_address)
{
	(void)self, (void)request, (void)client_address;
	atomic_fetch_add(&errors_handled, 1);
}

static const ss_server_class counting_pool = {
	.name = "CountingPoolTCPServer",
	.base = &ss_pool_tcp_server,
	.handle_error = counting_handle_error,
};

static void
test_a_failing_handler_is_reported_and_the_thread_serves_on(void **state)
{
	(void)state;
	for (size_t m = 0; m < 2; m++) {
		atomic_store(&errors_handled, 0);
		ss_server *server = ss_server_new(&counting_pool, "127.0.0.1:0", &failing_handler, NULL);
		assert_non_null(server);
		ss_pool_attributes_of(server)->pool_size = 2;
		ss_pool_attributes_of(server)->accept_in_threads = modes[m];
		background serving;
		serve_in_background(&serving, server);
		for (int i = 0; i < 6; i++) { /* three failures for two threads */
			int fd = support_connect(server->server_address);
			assert_true(fd >= 0);
			if (i % 2 == 0) {
				assert_int_equal(support_send_all(fd, "fail\n", 5), 0);
				assert_true(support_peer_closed(fd, SUPPORT_WAIT_MS));
			} else {
				assert_int_equal(echo_once(fd, false, "okay\n", 5), 0);
			}
			finish_client(fd);
		}
		WAIT_UNTIL(atomic_load(&errors_handled) == 3);
		assert_int_equal(ss_pool_threads(server), 2);
		stop_background(&serving);
		ss_server_free(server);
	}
}

/* ---- shutdown under load ------------------------------------------------ */

enum { LOADERS = 12 };

static void
test_shutdown_under_load(void **state)
{
	(void)state;
	for (size_t m = 0; m < 2; m++) {
		for (int short_connections = 0; short_connections < 2; short_connections++) {
			int fds = support_fd_count(), threads = thread_count();
			ss_server *server = new_pool(modes[m], LOADERS + 4, &echo_handler);
			background serving;
			serve_in_background(&serving, server);
			load_client clients[LOADERS];
			start_load(clients, LOADERS, server->server_address, short_connections);
			WAIT_UNTIL(total_echoes(clients, LOADERS) >= 500);
			double started = now_seconds();
			ss_shutdown(server); /* returns once the loop has stopped */
			stop_load(clients, LOADERS); /* the handlers see their clients leave */
			pthread_join(serving.thread, NULL); /* serve_forever joined the pool */
			assert_int_equal(serving.status, 0);
			assert_true(now_seconds() - started < 5);
			assert_int_equal(ss_pool_threads(server), 0);
			ss_server_free(server);
			assert_int_equal(thread_count(), threads);
			assert_int_equal(support_fd_count(), fds);
		}
	}
}

/* After a stop the listener was shut down; the next serve_forever listens
 * again on the same address. */
static void
test_serves_again_after_a_shutdown(void **state)
{
	(void)state;
	for (size_t m = 0; m < 2; m++) {
		ss_server *server = new_pool(modes[m], 2, &echo_handler);
		for (int round = 0; round < 2; round++) {
			background serving;
			serve_in_background(&serving, server);
			WAIT_UNTIL(ss_pool_threads(server) == 2); /* listening again from here */
			int fd = support_connect(server->server_address);
			if (fd < 0)
				fail_msg("%s, round %d: cannot connect to %s: %s", mode_name(modes[m]),
				         round, server->server_address, strerror(errno));
			assert_int_equal(echo_once(fd, false, "again\n", 6), 0);
			finish_client(fd);
			stop_background(&serving);
			assert_int_equal(serving.status, 0);
		}
		ss_server_free(server);
	}
}

static void
test_a_datagram_server_is_refused(void **state)
{
	(void)state;
	static const ss_server_class pool_udp = {
		.name = "PoolUDPServer", .base = &ss_udp_server, .mixin = &ss_pool_mixin,
	};
	ss_server *server = ss_server_new(&pool_udp, "127.0.0.1:0", &datagram_echo_handler, NULL);
	assert_non_null(server);
	assert_int_equal(ss_serve_forever(server, 0.05), -1);
	assert_int_equal(errno, EINVAL);
	assert_non_null(strstr(ss_error(), "stream"));
	ss_server_free(server);
}

/* ---- the hand-off's back-pressure wait, at a stop ------------------------ */

/* Connections that have finished their handshake and wait for an accept. */
static int
pending_connections(ss_server *server)
{
	struct tcp_info info;
	socklen_t length = sizeof info;

	assert_int_equal(getsockopt(ss_socket_server_of(server)->socket, IPPROTO_TCP, TCP_INFO, &info,
	                            &length), 0);
	return (int)info.tcpi_unacked; /* a listening socket's accept queue (Linux) */
}

/* A pool of 1 and a queue of 1: a in service and silent, b queued, c
 * accepted by the serving loop, which now waits for room. */
static void
fill_the_hand_off(ss_server *server, int clients[3])
{
	for (int i = 0; i < 3; i++) {
		clients[i] = support_connect(server->server_address);
		assert_true(clients[i] >= 0);
		if (i == 0)
			assert_int_equal(echo_once(clients[0], false, "a\n", 2), 0);
	}
	WAIT_UNTIL(pending_connections(server) == 0); /* b and c accepted */
	assert_int_equal(ss_pool_in_service(server), 1);
}

static void *
shut_down(void *argument)
{
	ss_shutdown(argument);
	return NULL;
}

/* ss_shutdown while the loop waits for room (every thread busy with a
 * silent client): the wait sees it within poll_interval and closes c
 * unserved — a condition variable would have waited for a to leave. Then
 * a leaves, b is served (what is queued is served), and the pool stops. */
static void
test_a_full_hand_off_yields_to_shutdown(void **state)
{
	(void)state;
	int fds = support_fd_count(), threads = thread_count();
	ss_server *server = new_pool(false, 1, &echo_handler);
	ss_pool_attributes_of(server)->queue_size = 1;
	background serving;
	serve_in_background(&serving, server);
	int clients[3];
	fill_the_hand_off(server, clients);
	pthread_t stopper;
	assert_int_equal(pthread_create(&stopper, NULL, shut_down, server), 0);
	assert_true(support_peer_closed(clients[2], SUPPORT_WAIT_MS)); /* c: closed unserved */
	finish_client(clients[0]);
	assert_int_equal(echo_once(clients[1], false, "b\n", 2), 0);
	finish_client(clients[1]);
	close(clients[2]);
	pthread_join(stopper, NULL);
	pthread_join(serving.thread, NULL);
	assert_int_equal(serving.status, 0);
	ss_server_free(server);
	assert_int_equal(thread_count(), threads);
	assert_int_equal(support_fd_count(), fds);
}

/* SIGTERM while the loop waits for room: the wait is in ppoll, where the
 * serving thread takes the signal (the pool threads never do), so
 * serve_forever ends at once; the stop shuts the silent clients' sockets. */
static void
test_a_full_hand_off_yields_to_sigterm(void **state)
{
	(void)state;
	assert_int_equal(ss_stop_on_signals(), 0); /* this thread, and the ones it starts */
	ss_server *server = new_pool(false, 1, &echo_handler);
	ss_pool_attributes_of(server)->queue_size = 1;
	background serving;
	serve_in_background(&serving, server);
	int clients[3];
	fill_the_hand_off(server, clients);
	double started = now_seconds();
	kill(getpid(), SIGTERM);
	pthread_join(serving.thread, NULL);
	assert_true(now_seconds() - started < 3);
	assert_int_equal(serving.status, -1);
	for (int i = 0; i < 3; i++) {
		assert_true(support_peer_closed(clients[i], SUPPORT_WAIT_MS));
		close(clients[i]);
	}
	ss_server_free(server);
	ss_clear_stop();
}

/* ---- the program: a stop signal with clients in service ----------------- */

static void
test_program_stops_on_sigterm_with_idle_clients(void **state)
{
	(void)state;
	const char *variants[][6] = {
		{"--server", "pool", "--pool-size", "4", NULL},
		{"--server", "pool", "--pool-size", "4", "--hand-off", NULL},
	};
	for (size_t v = 0; v < 2; v++) {
		const char *args[10];
		size_t n = 0;
		for (; variants[v][n] != NULL; n++)
			args[n] = variants[v][n];
		args[n++] = "--listen";
		args[n++] = "127.0.0.1:0";
		args[n] = NULL;
		support_process p;
		assert_int_equal(support_start(&p, "bench-line-echo", args, true), 0);
		int idle[6]; /* 4 in service, 2 waiting: all silent */
		for (int i = 0; i < 6; i++) {
			idle[i] = support_connect(p.address);
			assert_true(idle[i] >= 0);
		}
		for (int i = 0; i < 4; i++)
			assert_int_equal(echo_once(idle[i], false, "hi\n", 3), 0);
		double started = now_seconds();
		assert_int_equal(support_stop(&p, SIGTERM), 0);
		assert_true(now_seconds() - started < 3);
		for (int i = 0; i < 6; i++) {
			assert_true(support_peer_closed(idle[i], SUPPORT_WAIT_MS)); /* seen, not silent */
			close(idle[i]);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_and_class),
		cmocka_unit_test(test_hundred_clients_every_byte),
		cmocka_unit_test(test_cap_and_back_pressure),
		cmocka_unit_test(test_a_failing_handler_is_reported_and_the_thread_serves_on),
		cmocka_unit_test(test_shutdown_under_load),
		cmocka_unit_test(test_serves_again_after_a_shutdown),
		cmocka_unit_test(test_a_datagram_server_is_refused),
		cmocka_unit_test(test_program_stops_on_sigterm_with_idle_clients),
		cmocka_unit_test(test_a_full_hand_off_yields_to_shutdown),
		cmocka_unit_test(test_a_full_hand_off_yields_to_sigterm),
	};
	warm_up_threads();
	support_watchdog(90);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
