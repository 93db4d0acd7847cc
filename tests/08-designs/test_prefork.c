/* test_prefork.c — PreforkMixIn: every byte of 100 simultaneous clients
 * comes back through 4 children; a child that dies (exits, or is killed)
 * is reaped and replaced, and the server serves on; a shutdown under load
 * ends with every child reaped — no zombie, no fd left — and leaves the
 * program's other children alone (no waitpid(-1)); the program stops on
 * SIGTERM with clients in service. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdatomic.h>
#include <sys/wait.h>

#include "designs_test.h"

static ss_server *
new_prefork(int workers, const ss_handler_class *handler)
{
	ss_server *server = ss_server_new(&ss_prefork_tcp_server, "127.0.0.1:0", handler, NULL);
	assert_non_null(server);
	assert_non_null(ss_prefork_attributes_of(server));
	ss_prefork_attributes_of(server)->workers = workers;
	return server;
}

static bool
is_our_child_alive(pid_t pid)
{
	return kill(pid, 0) == 0;
}

static void
test_defaults(void **state)
{
	(void)state;
	ss_server *server = ss_server_new(&ss_prefork_tcp_server, "127.0.0.1:0", &echo_handler, NULL);
	assert_non_null(server);
	assert_int_equal(ss_prefork_attributes_of(server)->workers, 4);
	assert_int_equal(ss_socket_server_of(server)->attributes.request_queue_size, 1024);
	assert_null(ss_pool_attributes_of(server));
	assert_int_equal(ss_prefork_children(server), 0);
	ss_server_free(server);
}

static void
test_hundred_clients_every_byte(void **state)
{
	(void)state;
	int fds = support_fd_count();
	ss_server *server = new_prefork(4, &echo_handler);
	background serving;
	serve_in_background(&serving, server);
	WAIT_UNTIL(ss_prefork_children(server) == 4);
	assert_int_equal(echo_many_at_once(server->server_address, 100), 100);
	stop_background(&serving);
	assert_int_equal(serving.status, 0);
	assert_int_equal(ss_prefork_children(server), 0);
	assert_int_equal(ss_prefork_restarts(server), 0);
	ss_server_free(server);
	assert_int_equal(zombie_count(), 0);
	assert_int_equal(support_fd_count(), fds);
}

/* ---- a worker that dies ------------------------------------------------- */

static int
dying_handle(ss_handler *self)
{
	SS_TRACE("DyingHandler", "handle");
	char line[8];
	if (support_recv_exact(self->request->fd, line, 4, SUPPORT_WAIT_MS) == -1)
		return -1;
	if (memcmp(line, "die\n", 4) == 0)
		_exit(3); /* the worker process ends, mid-request */
	return ss_send_all(self->request->fd, line, 4) == 4 ? 0 : -1;
}

static const ss_handler_class dying_handler = {
	.name = "DyingHandler", .base = &ss_base_request_handler, .handle = dying_handle,
};

static void
test_a_dead_worker_is_replaced(void **state)
{
	(void)state;
	ss_server *server = new_prefork(2, &dying_handler);
	background serving;
	serve_in_background(&serving, server);
	WAIT_UNTIL(ss_prefork_children(server) == 2);
	pid_t before[2], after[2];
	assert_int_equal(ss_prefork_pids(server, before, 2), 2);

	/* one exits in the middle of a request: its client sees the end */
	int fd = support_connect(server->server_address);
	assert_true(fd >= 0);
	assert_int_equal(support_send_all(fd, "die\n", 4), 0);
	assert_true(support_peer_closed(fd, SUPPORT_WAIT_MS));
	finish_client(fd);
	WAIT_UNTIL(ss_prefork_restarts(server) == 1);
	/* one is killed from outside */
	assert_int_equal(ss_prefork_pids(server, after, 2), 2);
	assert_int_equal(kill(after[0], SIGKILL), 0);
	WAIT_UNTIL(ss_prefork_restarts(server) == 2);
	WAIT_UNTIL(ss_prefork_children(server) == 2);
	assert_int_equal(ss_prefork_pids(server, after, 2), 2);
	assert_false(after[0] == before[0] && after[1] == before[1]);
	assert_int_equal(zombie_count(), 0); /* the dead were reaped */
	for (int i = 0; i < 8; i++) { /* and the replacements serve */
		fd = support_connect(server->server_address);
		assert_true(fd >= 0);
		assert_int_equal(echo_once(fd, false, "ok!\n", 4), 0);
		finish_client(fd);
	}
	stop_background(&serving);
	for (int i = 0; i < 2; i++)
		assert_false(is_our_child_alive(after[i]));
	ss_server_free(server);
	assert_int_equal(zombie_count(), 0);
}

/* ---- shutdown under load, and the program's other children -------------- */

enum { LOADERS = 8 };

static void
test_shutdown_under_load_reaps_only_its_children(void **state)
{
	(void)state;
	for (int short_connections = 0; short_connections < 2; short_connections++) {
		int fds = support_fd_count();
		/* A child of the program's own, which the server must not reap:
		 * it exits when its pipe closes, and stays a zombie until we wait. */
		int gate[2];
		assert_int_equal(pipe(gate), 0);
		pid_t other = fork();
		assert_true(other >= 0);
		if (other == 0) {
			char byte;
			close(gate[1]);
			while (read(gate[0], &byte, 1) > 0)
				continue;
			_exit(7);
		}
		close(gate[0]);

		ss_server *server = new_prefork(LOADERS + 2, &echo_handler);
		background serving;
		serve_in_background(&serving, server);
		load_client clients[LOADERS];
		start_load(clients, LOADERS, server->server_address, short_connections);
		WAIT_UNTIL(total_echoes(clients, LOADERS) >= 300);
		close(gate[1]); /* the other child exits now, while we serve */
		double started = now_seconds();
		ss_shutdown(server);
		stop_load(clients, LOADERS);
		pthread_join(serving.thread, NULL);
		assert_int_equal(serving.status, 0);
		assert_true(now_seconds() - started < 5);
		assert_int_equal(ss_prefork_children(server), 0);
		ss_server_free(server);

		int status;
		assert_int_equal(waitpid(other, &status, 0), other); /* still ours to reap */
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 7);
		assert_int_equal(zombie_count(), 0);
		assert_int_equal(support_fd_count(), fds);
	}
}

static void
test_program_stops_on_sigterm_with_idle_clients(void **state)
{
	(void)state;
	const char *args[] = {"--server", "prefork", "--pool-size", "3", "--listen", "127.0.0.1:0", NULL};
	support_process p;
	assert_int_equal(support_start(&p, "bench-line-echo", args, true), 0);
	int idle[5]; /* 3 in service, 2 queued: all silent */
	for (int i = 0; i < 5; i++) {
		idle[i] = support_connect(p.address);
		assert_true(idle[i] >= 0);
	}
	for (int i = 0; i < 3; i++)
		assert_int_equal(echo_once(idle[i], false, "hi\n", 3), 0);
	double started = now_seconds();
	assert_int_equal(support_stop(&p, SIGTERM), 0);
	assert_true(now_seconds() - started < 3);
	for (int i = 0; i < 5; i++) {
		assert_true(support_peer_closed(idle[i], SUPPORT_WAIT_MS));
		close(idle[i]);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_hundred_clients_every_byte),
		cmocka_unit_test(test_a_dead_worker_is_replaced),
		cmocka_unit_test(test_shutdown_under_load_reaps_only_its_children),
		cmocka_unit_test(test_program_stops_on_sigterm_with_idle_clients),
	};
	warm_up_threads();
	support_watchdog(90);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
