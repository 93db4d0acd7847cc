/* test_unix_designs.c — chapter 8's pool and preforked server over Unix
 * stream sockets (PoolUnixStreamServer, PreforkUnixStreamServer), held to
 * what test_pool.c and test_prefork.c prove over TCP, with the same
 * helpers (designs_test.h): every byte of 100 simultaneous clients comes
 * back; a shutdown under load ends in time; nothing is left — no fd,
 * thread, child — and the socket file is where server_close leaves it.
 *
 * And what differs on Linux. shutdown(listener, SHUT_RD), the stop of
 * both designs, does wake every accept blocked on an AF_UNIX listener
 * (EINVAL) and refuses new connections — but, unlike TCP's:
 *   - it leaves the queued connections queued (accept still returns them):
 *     test_queued_clients_are_closed_at_the_stop;
 *   - it cannot be undone: listen() succeeds, yet every connect is refused
 *     and accept fails with EINVAL: test_serves_again_after_a_shutdown.
 * Chapter 8's ss_stop_listening and ss_listen_again handle both.
 *
 * The path: server_close (and so ss_server_free) leaves the socket file
 * behind, as Python's UnixStreamServer does (chapter 4, unix_server.c:
 * whoever binds the path again unlinks it first). The tests check that it
 * is there after the server is gone, then remove it and their temp dir.
 * The stop signal is tested through the program, bench-line-echo with a
 * path, as test_pool.c and test_prefork.c do over TCP. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "designs_test.h"

static const bool modes[] = {true, false}; /* accept_in_threads */

static const char *
mode_name(bool accept_in_threads)
{
	return accept_in_threads ? "accept in threads" : "hand-off";
}

/* A fresh temp dir and the server's path in it. */
typedef struct unix_place {
	char dir[256];
	char path[300];
} unix_place;

/* The place in use, if any: a failed assertion leaves a test midway, and
 * the teardown (remove_leftover_place) removes what it left. */
static char place_in_use[256];

static void
make_place(unix_place *place)
{
	const char *dir = support_temp_dir();
	assert_non_null(dir);
	snprintf(place->dir, sizeof place->dir, "%s", dir);
	snprintf(place->path, sizeof place->path, "%s/designs.sock", dir);
	snprintf(place_in_use, sizeof place_in_use, "%s", dir);
}

static bool
is_socket_file(const char *path)
{
	struct stat status;
	return stat(path, &status) == 0 && S_ISSOCK(status.st_mode);
}

/* The dir, and whatever is in it. */
static void
forget_place(unix_place *place)
{
	support_remove_temp_dir(place->dir);
	place_in_use[0] = '\0';
}

/* After ss_server_free: the socket file is still there (Python's
 * behaviour); remove it, and the dir. */
static void
remove_place(unix_place *place)
{
	assert_true(is_socket_file(place->path));
	assert_int_equal(unlink(place->path), 0);
	forget_place(place);
}

static int
remove_leftover_place(void **state)
{
	(void)state;
	if (place_in_use[0] != '\0')
		support_remove_temp_dir(place_in_use);
	place_in_use[0] = '\0';
	return 0;
}

static ss_server *
new_unix_pool(const char *path, bool accept_in_threads, int size)
{
	ss_server *server = ss_server_new(&ss_pool_unix_stream_server, path, &echo_handler, NULL);
	if (server == NULL)
		fail_msg("cannot serve on %s: %s", path, ss_error());
	ss_pool_attributes *attributes = ss_pool_attributes_of(server);
	assert_non_null(attributes);
	attributes->pool_size = size;
	attributes->queue_size = size;
	attributes->accept_in_threads = accept_in_threads;
	return server;
}

static ss_server *
new_unix_prefork(const char *path, int workers)
{
	ss_server *server = ss_server_new(&ss_prefork_unix_stream_server, path, &echo_handler, NULL);
	if (server == NULL)
		fail_msg("cannot serve on %s: %s", path, ss_error());
	assert_non_null(ss_prefork_attributes_of(server));
	ss_prefork_attributes_of(server)->workers = workers;
	return server;
}

static void
test_classes(void **state)
{
	(void)state;
	unix_place place;
	make_place(&place);
	ss_server *server = new_unix_pool(place.path, true, 4);
	assert_string_equal(server->server_address, place.path);
	assert_int_equal(ss_socket_server_of(server)->attributes.address_family, AF_UNIX);
	assert_int_equal(ss_socket_server_of(server)->attributes.request_queue_size, 1024);
	assert_null(ss_prefork_attributes_of(server));
	ss_server_free(server);
	remove_place(&place);

	make_place(&place);
	server = new_unix_prefork(place.path, 2);
	assert_int_equal(ss_socket_server_of(server)->attributes.address_family, AF_UNIX);
	assert_int_equal(ss_socket_server_of(server)->attributes.request_queue_size, 1024);
	assert_null(ss_pool_attributes_of(server));
	ss_server_free(server);
	remove_place(&place);
}

/* ---- every byte, 100 clients at once ------------------------------------ */

static void
test_pool_hundred_clients_every_byte(void **state)
{
	(void)state;
	for (size_t m = 0; m < 2; m++) {
		int fds = support_fd_count(), threads = thread_count();
		unix_place place;
		make_place(&place);
		ss_server *server = new_unix_pool(place.path, modes[m], 8);
		background serving;
		serve_in_background(&serving, server);
		WAIT_UNTIL(ss_pool_threads(server) == 8);
		print_message("%s: 100 Unix clients through 8 threads\n", mode_name(modes[m]));
		assert_int_equal(echo_many_at_once(server->server_address, 100), 100);
		stop_background(&serving);
		assert_int_equal(serving.status, 0);
		assert_int_equal(ss_pool_threads(server), 0);
		ss_server_free(server);
		remove_place(&place);
		assert_int_equal(thread_count(), threads);
		assert_int_equal(support_fd_count(), fds);
	}
}

static void
test_prefork_hundred_clients_every_byte(void **state)
{
	(void)state;
	int fds = support_fd_count();
	unix_place place;
	make_place(&place);
	ss_server *server = new_unix_prefork(place.path, 4);
	background serving;
	serve_in_background(&serving, server);
	WAIT_UNTIL(ss_prefork_children(server) == 4);
	assert_int_equal(echo_many_at_once(server->server_address, 100), 100);
	stop_background(&serving);
	assert_int_equal(serving.status, 0);
	assert_int_equal(ss_prefork_children(server), 0);
	assert_int_equal(ss_prefork_restarts(server), 0);
	ss_server_free(server);
	remove_place(&place);
	assert_int_equal(zombie_count(), 0);
	assert_int_equal(support_fd_count(), fds);
}

/* ---- shutdown under load ------------------------------------------------ */

enum { LOADERS = 12 };

/* ss_shutdown while LOADERS clients keep echoing (persistent or short
 * connections): the stop ends in time, serve_forever returns 0. */
static void
shut_down_under_load(ss_server *server, bool short_connections)
{
	background serving;
	serve_in_background(&serving, server);
	load_client clients[LOADERS];
	start_load(clients, LOADERS, server->server_address, short_connections);
	WAIT_UNTIL(total_echoes(clients, LOADERS) >= 500);
	double started = now_seconds();
	ss_shutdown(server); /* returns once the loop has stopped */
	stop_load(clients, LOADERS); /* the handlers see their clients leave */
	pthread_join(serving.thread, NULL); /* serve_forever joined the workers */
	assert_int_equal(serving.status, 0);
	assert_true(now_seconds() - started < 5);
}

static void
test_pool_shutdown_under_load(void **state)
{
	(void)state;
	for (size_t m = 0; m < 2; m++) {
		for (int short_connections = 0; short_connections < 2; short_connections++) {
			int fds = support_fd_count(), threads = thread_count();
			unix_place place;
			make_place(&place);
			ss_server *server = new_unix_pool(place.path, modes[m], LOADERS + 4);
			shut_down_under_load(server, short_connections);
			assert_int_equal(ss_pool_threads(server), 0);
			ss_server_free(server);
			remove_place(&place);
			assert_int_equal(thread_count(), threads);
			assert_int_equal(support_fd_count(), fds);
		}
	}
}

static void
test_prefork_shutdown_under_load(void **state)
{
	(void)state;
	for (int short_connections = 0; short_connections < 2; short_connections++) {
		int fds = support_fd_count();
		unix_place place;
		make_place(&place);
		ss_server *server = new_unix_prefork(place.path, LOADERS + 2);
		shut_down_under_load(server, short_connections);
		assert_int_equal(ss_prefork_children(server), 0);
		ss_server_free(server);
		remove_place(&place);
		assert_int_equal(zombie_count(), 0);
		assert_int_equal(support_fd_count(), fds);
	}
}

/* ---- serving again after a stop ------------------------------------------ */

/* Three rounds of serve_forever on one server: each listens again on the
 * same path and echoes; fileno stays the same; no fd is left over. */
static void
serve_three_rounds(ss_server *server, const char *name)
{
	int listener = ss_fileno(server);
	for (int round = 0; round < 3; round++) {
		background serving;
		serve_in_background(&serving, server);
		if (ss_pool_attributes_of(server) != NULL)
			WAIT_UNTIL(ss_pool_threads(server) ==
			           (size_t)ss_pool_attributes_of(server)->pool_size);
		else
			WAIT_UNTIL(ss_prefork_children(server) ==
			           (size_t)ss_prefork_attributes_of(server)->workers);
		int fd = designs_connect(server->server_address);
		if (fd < 0)
			fail_msg("%s, round %d: cannot connect to %s: %s", name, round,
			         server->server_address, strerror(errno));
		assert_int_equal(echo_once(fd, false, "again\n", 6), 0);
		finish_client(fd);
		stop_background(&serving);
		assert_int_equal(serving.status, 0);
		assert_int_equal(ss_fileno(server), listener);
	}
}

static void
test_serves_again_after_a_shutdown(void **state)
{
	(void)state;
	for (size_t m = 0; m < 2; m++) {
		int fds = support_fd_count();
		unix_place place;
		make_place(&place);
		ss_server *server = new_unix_pool(place.path, modes[m], 2);
		serve_three_rounds(server, mode_name(modes[m]));
		ss_server_free(server);
		remove_place(&place);
		assert_int_equal(support_fd_count(), fds);
	}
	int fds = support_fd_count();
	unix_place place;
	make_place(&place);
	ss_server *server = new_unix_prefork(place.path, 2);
	serve_three_rounds(server, "prefork");
	ss_server_free(server);
	remove_place(&place);
	assert_int_equal(zombie_count(), 0);
	assert_int_equal(support_fd_count(), fds);
}

/* ---- the connections queued at the stop ---------------------------------- */

/* A client never served sees the end of its connection: EOF or a reset, no
 * byte of echo first. */
static bool
closed_unserved(int fd)
{
	char byte;
	if (support_wait_readable(fd, SUPPORT_WAIT_MS) != 1)
		return false;
	ssize_t got = recv(fd, &byte, 1, 0);
	return got == 0 || (got == -1 && (errno == ECONNRESET || errno == EPIPE));
}

/* Two workers busy with two clients, a third client queued in the listen
 * queue, then ss_shutdown: the third is closed at once, unserved — it does
 * not wait for a worker that will only take it once a busy one is done.
 * Over TCP the SHUT_RD resets it; over Unix the stop takes it out of the
 * queue and closes it. TCP and Unix alike, for both designs. (Not the
 * hand-off: there serve_forever's loop accepts, and what it has queued for
 * the threads is served.) */
static void
test_queued_clients_are_closed_at_the_stop(void **state)
{
	(void)state;
	for (int kind = 0; kind < 4; kind++) {
		bool unix_socket = kind % 2 == 1, prefork = kind >= 2;
		unix_place place;
		make_place(&place);
		const char *address = unix_socket ? place.path : "127.0.0.1:0";
		const ss_server_class *cls =
			prefork ? (unix_socket ? &ss_prefork_unix_stream_server : &ss_prefork_tcp_server)
			        : (unix_socket ? &ss_pool_unix_stream_server : &ss_pool_tcp_server);
		ss_server *server = ss_server_new(cls, address, &echo_handler, NULL);
		assert_non_null(server);
		if (prefork)
			ss_prefork_attributes_of(server)->workers = 2;
		else
			ss_pool_attributes_of(server)->pool_size = 2;
		background serving;
		serve_in_background(&serving, server);
		int a = designs_connect(server->server_address);
		int b = designs_connect(server->server_address);
		assert_true(a >= 0 && b >= 0);
		assert_int_equal(echo_once(a, false, "a\n", 2), 0);
		assert_int_equal(echo_once(b, false, "b\n", 2), 0);
		int c = designs_connect(server->server_address); /* queued: both are busy */
		assert_true(c >= 0);
		assert_int_equal(support_send_all(c, "c\n", 2), 0);
		print_message("%s: the queued client at the stop\n", cls->name);
		ss_shutdown(server);
		assert_true(closed_unserved(c));
		close(c);
		assert_int_equal(echo_once(a, false, "a\n", 2), 0); /* still in service */
		finish_client(a);
		finish_client(b);
		pthread_join(serving.thread, NULL);
		assert_int_equal(serving.status, 0);
		ss_server_free(server);
		if (unix_socket)
			remove_place(&place);
		else
			forget_place(&place);
	}
	assert_int_equal(zombie_count(), 0);
}

/* ---- the program: a stop signal with Unix clients in service ------------ */

/* bench-line-echo with a path: the pool (both modes) and the preforked
 * server over a Unix socket, 3 clients in service and 2 waiting, all
 * silent; SIGTERM ends it in time, every client sees the end, and the
 * socket file stays behind. */
static void
test_program_stops_on_sigterm_with_idle_clients(void **state)
{
	(void)state;
	const char *variants[][6] = {
		{"--server", "pool", "--pool-size", "3", NULL},
		{"--server", "pool", "--pool-size", "3", "--hand-off", NULL},
		{"--server", "prefork", "--pool-size", "3", NULL},
	};
	for (size_t v = 0; v < 3; v++) {
		unix_place place;
		make_place(&place);
		const char *args[10];
		size_t n = 0;
		for (; variants[v][n] != NULL; n++)
			args[n] = variants[v][n];
		args[n++] = "--listen";
		args[n++] = place.path;
		args[n] = NULL;
		support_process p;
		assert_int_equal(support_start(&p, "bench-line-echo", args, true), 0);
		assert_string_equal(p.address, place.path);
		int idle[5]; /* 3 in service, 2 waiting: all silent */
		for (int i = 0; i < 5; i++) {
			idle[i] = designs_connect(p.address);
			assert_true(idle[i] >= 0);
		}
		for (int i = 0; i < 3; i++)
			assert_int_equal(echo_once(idle[i], false, "hi\n", 3), 0);
		double started = now_seconds();
		assert_int_equal(support_stop(&p, SIGTERM), 0);
		assert_true(now_seconds() - started < 3);
		for (int i = 0; i < 5; i++) {
			assert_true(support_peer_closed(idle[i], SUPPORT_WAIT_MS)); /* seen, not silent */
			close(idle[i]);
		}
		remove_place(&place);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_classes, remove_leftover_place),
		cmocka_unit_test_teardown(test_pool_hundred_clients_every_byte, remove_leftover_place),
		cmocka_unit_test_teardown(test_prefork_hundred_clients_every_byte, remove_leftover_place),
		cmocka_unit_test_teardown(test_pool_shutdown_under_load, remove_leftover_place),
		cmocka_unit_test_teardown(test_prefork_shutdown_under_load, remove_leftover_place),
		cmocka_unit_test_teardown(test_serves_again_after_a_shutdown, remove_leftover_place),
		cmocka_unit_test_teardown(test_queued_clients_are_closed_at_the_stop, remove_leftover_place),
		cmocka_unit_test_teardown(test_program_stops_on_sigterm_with_idle_clients, remove_leftover_place),
	};
	warm_up_threads();
	support_watchdog(120);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
