/* 1-thread-cap.test.c — your CappedThreadingTCPServer on loopback: with a
 * cap of 2, two clients are served at once and a third waits until one of
 * them leaves; with a cap of 1, five clients one after another are all
 * served (every slot comes back); nothing leaks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "1-thread-cap.h"
#include "support.h"

/* How long a client that must wait is watched for a wrong answer. */
#define MUST_WAIT_MS 1000

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

struct running {
	ss_server *server;
	pthread_t thread;
};

static void
start(struct running *running, int max_threads)
{
	running->server = ss_server_new(&capped_threading_tcp_server, "127.0.0.1:0", &echo, NULL);
	if (running->server == NULL)
		fail_msg("could not make the server: %s", ss_error());
	capped_set_max_threads(running->server, max_threads);
	assert_int_equal(pthread_create(&running->thread, NULL, serve, running->server), 0);
}

static void
stop(struct running *running)
{
	ss_shutdown(running->server);
	pthread_join(running->thread, NULL);
	ss_server_free(running->server); /* server_close joins the handler threads */
}

static int
client(struct running *running)
{
	int fd = support_connect(running->server->server_address);

	assert_true(fd >= 0);
	return fd;
}

/* Is fd answered "text" within timeout_ms? */
static bool
answered(int fd, const char *text, int timeout_ms)
{
	char reply[64];
	size_t length = strlen(text);

	return support_recv_exact(fd, reply, length, timeout_ms) == 0 &&
	       memcmp(reply, text, length) == 0;
}

static void
served(int fd, const char *text)
{
	assert_int_equal(support_send_all(fd, text, strlen(text)), 0);
	if (!answered(fd, text, SUPPORT_WAIT_MS))
		fail_msg("a client that should be served got no echo of \"%s\" — does "
		         "capped_process_request start the thread (super.process_request)?",
		         text);
}

static void
a_third_client_waits_for_a_free_slot(void **state)
{
	(void)state;
	struct running running;
	int fds_before = support_fd_count();

	start(&running, 2);
	int first = client(&running), second = client(&running);
	served(first, "one");
	served(second, "two"); /* two handlers are running now */
	int third = client(&running);
	assert_int_equal(support_send_all(third, "three", 5), 0);
	if (answered(third, "three", MUST_WAIT_MS))
		fail_msg("a third client was served while two handlers were running: the cap "
		         "of 2 did not hold. A slot is free when a handler ENDS, not when its "
		         "thread starts");
	close(first); /* its handler ends: its slot is free */
	if (!answered(third, "three", SUPPORT_WAIT_MS))
		fail_msg("the third client was never served after the first left: is the slot "
		         "given back when a handler ends (finish_request), and the waiting "
		         "serving thread woken (pthread_cond_signal)?");
	close(second);
	close(third);
	stop(&running);
	assert_int_equal(support_fd_count(), fds_before);
}

static void
every_slot_comes_back(void **state)
{
	(void)state;
	struct running running;

	start(&running, 1);
	for (int i = 0; i < 5; i++) {
		int fd = client(&running);
		served(fd, "again");
		close(fd);
	}
	stop(&running);
}

int
main(void)
{
	support_watchdog(60);
	ss_reserve_fd_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_third_client_waits_for_a_free_slot),
		cmocka_unit_test(every_slot_comes_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
