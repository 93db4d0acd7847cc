/* 2-max-requests.test.c — your RecyclingPreforkTCPServer on loopback, one
 * child, max_requests 3: twelve clients one after another are ALL served
 * (the third of each child too), the child is replaced after every third
 * (four children in all, three restarts), and nothing is left behind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "2-max-requests.h"
#include "support.h"

/* A test that fails leaves its server's children running, holding this
 * process's stdout: at exit they are ended, so the run ends with it. */
static ss_server *current;

static void
end_leftover_children(void)
{
	pid_t pids[16];
	size_t n = current ? ss_prefork_pids(current, pids, 16) : 0;

	for (size_t i = 0; i < n; i++)
		kill(pids[i], SIGKILL);
}

static int
echo_handle(ss_handler *self)
{
	char buffer[256];

	for (;;) {
		ssize_t got = ss_recv(self->request->fd, buffer, sizeof buffer);
		if (got <= 0)
			return (int)got;
		if (ss_send_all(self->request->fd, buffer, (size_t)got) == -1)
			return -1;
	}
}

static const ss_handler_class echo = {
	.name = "Echo", .base = &ss_base_request_handler, .handle = echo_handle};

static void *
serve(void *server)
{
	ss_serve_forever(server, 0.05);
	return NULL;
}

static void
every_client_is_served_and_children_are_recycled(void **state)
{
	(void)state;
	/* The library keeps one spare fd for the life of the process, opened
	 * with its first listening socket (chapter 1's EMFILE reserve): open
	 * it before counting. */
	ss_server_free(ss_server_new(&ss_tcp_server, "127.0.0.1:0", &echo, NULL));
	int fds_before = support_fd_count();
	ss_server *server = ss_server_new(&recycling_prefork_tcp_server, "127.0.0.1:0", &echo, NULL);
	current = server;
	if (server == NULL)
		fail_msg("could not make the server: %s", ss_error());
	ss_prefork_attributes_of(server)->workers = 1;
	pthread_t thread;
	assert_int_equal(pthread_create(&thread, NULL, serve, server), 0);

	for (int i = 0; i < 12; i++) {
		char reply[8];
		int fd = support_connect(server->server_address);
		assert_true(fd >= 0);
		assert_int_equal(support_send_all(fd, "hello", 5), 0);
		if (support_recv_exact(fd, reply, 5, SUPPORT_WAIT_MS) != 0 || memcmp(reply, "hello", 5) != 0)
			fail_msg("client %d of 12 got no echo: is the connection served "
			         "(super.process_request) BEFORE the child decides to end?", i + 1);
		shutdown(fd, SHUT_WR); /* the child sees the end: its handler returns */
		if (!support_peer_closed(fd, SUPPORT_WAIT_MS))
			fail_msg("client %d: the server never closed the connection", i + 1);
		close(fd);
	}
	/* The child that served the twelfth ends too; its replacement is the
	 * fourth restart's — wait for the count, bounded. */
	struct timespec tick = {.tv_sec = 0, .tv_nsec = 2000000};
	for (int waited = 0; ss_prefork_restarts(server) < 4 && waited < 5000; waited += 2)
		nanosleep(&tick, NULL);
	if (ss_prefork_restarts(server) != 4)
		fail_msg("%zu children replaced for 12 connections at max_requests 3, not 4: does "
		         "process_request return SS_SYSTEM_EXIT when the count reaches "
		         "max_requests (and only then)?", ss_prefork_restarts(server));
	ss_shutdown(server);
	pthread_join(thread, NULL);
	ss_server_free(server);
	assert_int_equal(support_fd_count(), fds_before);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_client_is_served_and_children_are_recycled),
	};
	atexit(end_leftover_children);
	support_watchdog(60);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
