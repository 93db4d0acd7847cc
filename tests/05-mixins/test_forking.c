/* test_forking.c — ForkingMixIn: a hundred clients at once, every byte
 * checked, no zombie after server_close; max_children back-pressure in
 * waves; the child's exit status 0/1 and its handle_error; only the
 * server's own children reaped (the program's other child is not stolen);
 * block_on_close false leaving no zombie; an injected fork failure; the
 * child closing the listening socket; close-on-exec; SIGTERM stopping a
 * forking server — the stop passed on to a child mid-request — with its
 * children reaped and the parent's atexit run by the parent only.
 *
 * These tests fork this very process, so every child holds copies of the
 * test's client sockets: clients end with finish_client (shutdown, then
 * close), see mixin_test.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/wait.h>

#include "mixin_test.h"

/* ---- injected: fork fails; waitpid is watched ------------------------------ */

/*@wrap fork waitpid */
pid_t __real_fork(void);
pid_t __real_waitpid(pid_t pid, int *status, int options);
static atomic_int fail_fork;
static atomic_int last_child; /* the pid the last fork gave the parent */

pid_t
__wrap_fork(void)
{
	if (atomic_load(&fail_fork) > 0) {
		atomic_fetch_sub(&fail_fork, 1);
		errno = EAGAIN;
		return -1;
	}
	pid_t pid = __real_fork();
	if (pid > 0)
		atomic_store(&last_child, pid);
	return pid;
}

/* What the server's waitpid calls asked for and got. Written by the serving
 * thread (or the reaper), read after they are done, under the lock. */
static struct {
	pthread_mutex_t lock;
	int calls;
	bool asked_for_any;       /* waitpid(-1 or 0 or a group): could steal */
	pid_t asked_for_mine;     /* the test's own child, if it was asked for */
	pid_t mine;
	int exits[2];             /* how many children exited 0, and 1 */
} watch = {.lock = PTHREAD_MUTEX_INITIALIZER};

pid_t
__wrap_waitpid(pid_t pid, int *status, int options)
{
	int local;
	pid_t result = __real_waitpid(pid, &local, options);
	int saved_errno = errno;

	pthread_mutex_lock(&watch.lock);
	watch.calls++;
	if (pid <= 0)
		watch.asked_for_any = true;
	if (watch.mine != 0 && pid == watch.mine)
		watch.asked_for_mine = pid;
	if (result > 0 && WIFEXITED(local) && WEXITSTATUS(local) <= 1)
		watch.exits[WEXITSTATUS(local)]++;
	pthread_mutex_unlock(&watch.lock);
	if (status != NULL)
		*status = local;
	errno = saved_errno;
	return result;
}

static void
watch_reset(void)
{
	pthread_mutex_lock(&watch.lock);
	watch.calls = 0;
	watch.asked_for_any = false;
	watch.asked_for_mine = 0;
	watch.mine = 0;
	watch.exits[0] = watch.exits[1] = 0;
	pthread_mutex_unlock(&watch.lock);
}

static int
watched_exits(int code)
{
	pthread_mutex_lock(&watch.lock);
	int count = watch.exits[code];
	pthread_mutex_unlock(&watch.lock);
	return count;
}

/* The children of this process, in any state. */
static int
children_count(void)
{
	char path[64];

	snprintf(path, sizeof path, "/proc/self/task/%ld/children", (long)getpid());
	FILE *in = fopen(path, "r");
	int count = 0;
	long pid;

	if (in == NULL)
		return -1;
	while (fscanf(in, "%ld", &pid) == 1)
		count++;
	fclose(in);
	return count;
}

/* After a failed test: no child of this process may live on holding copies
 * of the test's sockets (and its output pipes). */
static int
kill_leftover_children(void **state)
{
	char path[64];
	long pid;

	(void)state;
	snprintf(path, sizeof path, "/proc/self/task/%ld/children", (long)getpid());
	FILE *in = fopen(path, "r");
	while (in != NULL && fscanf(in, "%ld", &pid) == 1) {
		kill((pid_t)pid, SIGKILL);
		__real_waitpid((pid_t)pid, NULL, 0);
	}
	if (in != NULL)
		fclose(in);
	return 0;
}

/* ---- handlers ---------------------------------------------------------------- */

/* Read one message, answer it after half a second (the work). */
static int
slow_handle(ss_handler *self)
{
	char buffer[64];
	ssize_t received = ss_recv(self->request->fd, buffer, sizeof buffer);
	struct timespec half = {.tv_sec = 0, .tv_nsec = 500000000L};

	if (received <= 0)
		return -1;
	nanosleep(&half, NULL);
	return ss_send_all(self->request->fd, buffer, (size_t)received) == -1 ? -1 : 0;
}

static const ss_handler_class slow_handler = {
	.name = "SlowHandler", .base = &ss_base_request_handler, .handle = slow_handle,
};

/* Message after message until the client closes: "fail" fails; "fd?" asks
 * whether the listening socket is open here; "pid?" asks the child's pid;
 * anything else is echoed. */
static int
probe_handle(ss_handler *self)
{
	char buffer[64], answer[64];
	int length;

	for (;;) {
		ssize_t received = ss_recv(self->request->fd, buffer, sizeof buffer);
		if (received == 0)
			return 0;
		if (received < 0)
			return -1;
		if (received == 4 && memcmp(buffer, "fail", 4) == 0) {
			ss_set_error("the client asked for a failure");
			return -1;
		}
		if (received == 3 && memcmp(buffer, "fd?", 3) == 0) {
			int listening = ss_socket_server_of(self->server)->socket;
			bool open = fcntl(listening, F_GETFD) != -1;
			length = snprintf(answer, sizeof answer, "%s", open ? "open" : "closed");
		} else if (received == 4 && memcmp(buffer, "pid?", 4) == 0) {
			length = snprintf(answer, sizeof answer, "%ld", (long)getpid());
		} else {
			memcpy(answer, buffer, (size_t)received);
			length = (int)received;
		}
		if (ss_send_all(self->request->fd, answer, (size_t)length) == -1)
			return -1;
	}
}

static const ss_handler_class probe_handler = {
	.name = "ProbeHandler", .base = &ss_base_request_handler, .handle = probe_handle,
};

/* handle_error tells the client, so the test sees it ran — in the child. */
static atomic_int errors_handled;

static void
telling_handle_error(ss_server *self, ss_request *request, const ss_address *client_address)
{
	(void)self, (void)client_address;
	atomic_fetch_add(&errors_handled, 1);
	if (request->fd != -1)
		send(request->fd, "handle_error", 12, MSG_NOSIGNAL);
}

static const ss_server_class telling_server = {
	.name = "TellingServer", .base = &ss_forking_tcp_server, .handle_error = telling_handle_error,
};

/* ---- a hundred clients at once ----------------------------------------------- */

#define CLIENTS 100
#define MESSAGE 1000

static void
fill(char *message, int client, size_t length)
{
	for (size_t i = 0; i < length; i++)
		message[i] = (char)('a' + (client * 5 + (int)i) % 26);
}

static void
hundred_clients_against(const ss_server_class *cls)
{
	const char *dir = support_temp_dir();
	char path[300], message[MESSAGE], reply[MESSAGE];
	bool datagram = is_datagram_class(cls);
	size_t size = datagram ? 200 : MESSAGE;
	int clients[CLIENTS];

	ss_reserve_fd_init();
	int fds = support_fd_count();
	snprintf(path, sizeof path, "%s/server.sock", dir);
	ss_server *server = ss_server_new_inactive(cls, is_unix_class(cls) ? path : "127.0.0.1:0",
	                                           datagram ? &datagram_echo_handler : &echo_handler, NULL);
	assert_non_null(server);
	ss_socket_server_of(server)->attributes.request_queue_size = 128;
	assert_int_equal(ss_server_bind(server), 0);
	assert_int_equal(ss_server_activate(server), 0);
	if (!datagram) /* a stream child lives as long as its connection: room for all */
		assert_int_equal(ss_set_max_children(server, CLIENTS), 0);
	background serving;
	serve_in_background(&serving, server);

	for (int i = 0; i < CLIENTS; i++) {
		clients[i] = client_of(server, dir, i);
		assert_true(clients[i] >= 0);
	}
	for (int i = 0; i < CLIENTS; i++) {
		fill(message, i, size);
		if (datagram)
			assert_int_equal(send(clients[i], message, size, 0), (ssize_t)size);
		else
			assert_int_equal(support_send_all(clients[i], message, size), 0);
	}
	for (int i = 0; i < CLIENTS; i++) {
		fill(message, i, size);
		if (datagram) {
			assert_int_equal(support_wait_readable(clients[i], SUPPORT_WAIT_MS), 1);
			assert_int_equal(recv(clients[i], reply, sizeof reply, 0), (ssize_t)size);
		} else {
			assert_int_equal(support_recv_exact(clients[i], reply, size, SUPPORT_WAIT_MS), 0);
		}
		assert_memory_equal(reply, message, size);
	}
	/* every connection still open: a hundred children at once (the parent
	 * may record the last one just after it has answered) */
	if (!datagram)
		WAIT_UNTIL(ss_forking_active_children(server) == CLIENTS);
	for (int i = 0; i < CLIENTS; i++) {
		finish_client(clients[i]);
		remove_client_path(dir, i);
	}
	stop_background(&serving);
	ss_server_close(server); /* block_on_close: every child reaped */
	assert_int_equal(ss_forking_active_children(server), 0);
	assert_int_equal(children_count(), 0);
	assert_int_equal(zombie_count(), 0);
	ss_server_free(server);
	unlink(path);
	support_remove_temp_dir(dir);
	assert_int_equal(support_fd_count(), fds);
}

static void
hundred_clients_forking_tcp(void **state)
{
	(void)state;
	hundred_clients_against(&ss_forking_tcp_server);
}

static void
hundred_clients_forking_unix_stream(void **state)
{
	(void)state;
	hundred_clients_against(&ss_forking_unix_stream_server);
}

static void
hundred_clients_forking_udp(void **state)
{
	(void)state;
	hundred_clients_against(&ss_forking_udp_server);
}

static void
hundred_clients_forking_unix_datagram(void **state)
{
	(void)state;
	hundred_clients_against(&ss_forking_unix_datagram_server);
}

/* ---- back-pressure ------------------------------------------------------------- */

/* max_children = 2, five half-second requests at once: the replies come in
 * three waves (2, 2, 1), as CPython's probe measured (0.02, 0.02, 0.54,
 * 0.54, 1.05 s after its start). The waves are read from when the replies
 * arrive: inside a wave they come together, between waves half a second
 * apart. */
static void
max_children_holds_the_rest_back(void **state)
{
	(void)state;
	enum { FIVE = 5 };
	ss_server *server = ss_server_new(&ss_forking_tcp_server, "127.0.0.1:0", &slow_handler, NULL);
	int clients[FIVE];
	double arrived[FIVE];
	bool got[FIVE] = {false};

	assert_non_null(server);
	assert_int_equal(ss_set_max_children(server, 2), 0);
	background serving;
	serve_in_background(&serving, server);
	for (int i = 0; i < FIVE; i++) {
		clients[i] = support_connect(server->server_address);
		assert_true(clients[i] >= 0);
		assert_int_equal(support_send_all(clients[i], "w", 1), 0);
	}
	for (int left = FIVE; left > 0;) {
		struct pollfd watched[FIVE];
		for (int i = 0; i < FIVE; i++)
			watched[i] = (struct pollfd){.fd = got[i] ? -1 : clients[i], .events = POLLIN};
		int ready = poll(watched, FIVE, SUPPORT_WAIT_MS);
		assert_true(ready > 0);
		double now = now_seconds();
		for (int i = 0; i < FIVE; i++) {
			if (!got[i] && (watched[i].revents & POLLIN)) {
				char reply;
				assert_int_equal(recv(clients[i], &reply, 1, 0), 1);
				arrived[i] = now;
				got[i] = true;
				left--;
			}
		}
	}
	/* in order of arrival */
	for (int i = 1; i < FIVE; i++)
		for (int j = i; j > 0 && arrived[j] < arrived[j - 1]; j--) {
			double swap = arrived[j];
			arrived[j] = arrived[j - 1];
			arrived[j - 1] = swap;
		}
	print_message("replies after %.2f %.2f %.2f %.2f %.2f s\n", 0.0, arrived[1] - arrived[0],
	              arrived[2] - arrived[0], arrived[3] - arrived[0], arrived[4] - arrived[0]);
	assert_true(arrived[1] - arrived[0] < 0.25); /* wave 1: two together */
	assert_true(arrived[2] - arrived[1] > 0.3);  /* then half a second */
	assert_true(arrived[3] - arrived[2] < 0.25); /* wave 2: two together */
	assert_true(arrived[4] - arrived[3] > 0.3);  /* wave 3: the last one */
	for (int i = 0; i < FIVE; i++)
		finish_client(clients[i]);
	stop_background(&serving);
	ss_server_free(server);
	assert_int_equal(children_count(), 0);
}

/* ---- the child's end --------------------------------------------------------- */

static void
child_exit_status_and_handle_error_in_the_child(void **state)
{
	(void)state;
	char reply[64];
	ss_server *server = ss_server_new(&telling_server, "127.0.0.1:0", &probe_handler, NULL);

	assert_non_null(server);
	watch_reset();
	atomic_store(&errors_handled, 0);
	background serving;
	serve_in_background(&serving, server);

	int client = support_connect(server->server_address);
	assert_int_equal(support_send_all(client, "fail", 4), 0);
	assert_int_equal(support_recv_exact(client, reply, 12, SUPPORT_WAIT_MS), 0);
	assert_memory_equal(reply, "handle_error", 12); /* handle_error ran, in the child */
	assert_true(support_peer_closed(client, SUPPORT_WAIT_MS)); /* then shutdown_request */
	finish_client(client);

	client = support_connect(server->server_address); /* the server goes on */
	assert_int_equal(echo_once(client, false, "fine", 4), 0);
	finish_client(client);
	stop_background(&serving);
	ss_server_close(server);
	assert_int_equal(watched_exits(1), 1); /* the failing child */
	assert_int_equal(watched_exits(0), 1); /* the fine one */
	assert_int_equal(atomic_load(&errors_handled), 0); /* not in this process */
	ss_server_free(server);
}

/* A finish_request result other than 0 and -1 (chapter 6's SystemExit):
 * no handle_error in the child, but the request is shut down and the child
 * exits 1. */
static int
finish_with_minus_two(ss_server *self, ss_request *request, const ss_address *client_address)
{
	(void)self, (void)request, (void)client_address;
	return -2;
}

static const ss_server_class exiting_server = {
	.name = "ExitingServer", .base = &telling_server, .finish_request = finish_with_minus_two,
};

static void
another_failure_in_the_child_skips_handle_error(void **state)
{
	(void)state;
	char byte;
	ss_server *server = ss_server_new(&exiting_server, "127.0.0.1:0", &probe_handler, NULL);

	assert_non_null(server);
	watch_reset();
	int client = support_connect(server->server_address);
	assert_int_equal(ss_handle_request(server), 0);
	assert_int_equal(support_wait_readable(client, SUPPORT_WAIT_MS), 1);
	assert_int_equal(recv(client, &byte, 1, 0), 0); /* EOF: no "handle_error" first */
	finish_client(client);
	ss_server_close(server);
	assert_int_equal(watched_exits(1), 1);
	assert_int_equal(watched_exits(0), 0);
	ss_server_free(server);
}

/* The program forks a child of its own; the server, at max_children = 1,
 * waits for its children again and again — and never for that one. */
static void
the_programs_own_child_is_not_stolen(void **state)
{
	(void)state;
	int hold[2];

	assert_int_equal(pipe(hold), 0);
	pid_t mine = __real_fork();
	assert_true(mine >= 0);
	if (mine == 0) { /* waits until the test closes the pipe, then exits 7 */
		char byte;
		close(hold[1]);
		while (read(hold[0], &byte, 1) == -1 && errno == EINTR)
			continue;
		_exit(7);
	}
	close(hold[0]);
	watch_reset();
	pthread_mutex_lock(&watch.lock);
	watch.mine = mine;
	pthread_mutex_unlock(&watch.lock);

	ss_server *server = ss_server_new(&ss_forking_tcp_server, "127.0.0.1:0", &probe_handler, NULL);
	assert_non_null(server);
	assert_int_equal(ss_set_max_children(server, 1), 0);
	background serving;
	serve_in_background(&serving, server);
	for (int i = 0; i < 4; i++) {
		int client = support_connect(server->server_address);
		assert_int_equal(echo_once(client, false, "hi", 2), 0);
		finish_client(client);
	}
	stop_background(&serving);
	ss_server_free(server);

	pthread_mutex_lock(&watch.lock);
	bool asked_for_any = watch.asked_for_any;
	pid_t asked_for_mine = watch.asked_for_mine;
	watch.mine = 0;
	pthread_mutex_unlock(&watch.lock);
	assert_false(asked_for_any);
	assert_int_equal(asked_for_mine, 0);
	assert_int_equal(watched_exits(0), 4);
	close(hold[1]); /* let it go: it is ours to reap, with its own status */
	int status;
	assert_int_equal(__real_waitpid(mine, &status, 0), mine);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 7);
}

/* At max_children = 1, the program has reaped the server's one child
 * itself (its own waitpid(-1), say). The wait for room must not wait for
 * it — its pidfd can no longer be had — nor spin: it forgets that child
 * and goes on. */
static void
a_child_reaped_by_the_program_is_forgotten(void **state)
{
	(void)state;
	ss_server *server = ss_server_new(&ss_forking_tcp_server, "127.0.0.1:0", &probe_handler, NULL);

	assert_non_null(server);
	assert_int_equal(ss_set_max_children(server, 1), 0);
	int client = support_connect(server->server_address);
	assert_int_equal(ss_handle_request(server), 0);
	assert_int_equal(echo_once(client, false, "x", 1), 0);
	finish_client(client);
	pid_t child = atomic_load(&last_child);
	assert_int_equal(__real_waitpid(child, NULL, 0), child); /* the program takes it */
	assert_int_equal(ss_forking_active_children(server), 1);  /* the server does not know */
	server->cls->service_actions(server); /* at max_children: waits for room */
	assert_int_equal(ss_forking_active_children(server), 0);
	ss_server_free(server);
}

/* block_on_close false: server_close returns while a child still runs, and
 * that child is reaped all the same when it ends. */
static void
no_block_on_close_leaves_no_zombie(void **state)
{
	(void)state;
	char reply[64];
	ss_server *server = ss_server_new(&ss_forking_tcp_server, "127.0.0.1:0", &probe_handler, NULL);

	assert_non_null(server);
	assert_int_equal(ss_set_block_on_close(server, false), 0);
	int client = support_connect(server->server_address);
	assert_int_equal(ss_handle_request(server), 0); /* forked: the child waits for a message */
	assert_int_equal(ss_forking_active_children(server), 1);
	ss_server_close(server); /* returns at once: the child is still waiting */
	assert_int_equal(children_count(), 1);
	assert_int_equal(support_send_all(client, "pid?", 4), 0);
	assert_true(support_recv_exact(client, reply, 1, SUPPORT_WAIT_MS) == 0);
	shutdown(client, SHUT_WR); /* the child's handler ends */
	assert_true(support_peer_closed(client, SUPPORT_WAIT_MS));
	WAIT_UNTIL(children_count() == 0); /* reaped: no zombie */
	close(client);
	ss_server_free(server);
}

static void
a_failed_fork_goes_to_handle_error(void **state)
{
	(void)state;
	ss_server *server = ss_server_new(&telling_server, "127.0.0.1:0", &probe_handler, NULL);

	assert_non_null(server);
	atomic_store(&errors_handled, 0);
	int client = support_connect(server->server_address);
	atomic_store(&fail_fork, 1);
	assert_int_equal(ss_handle_request(server), 0);
	assert_int_equal(atomic_load(&fail_fork), 0);
	assert_int_equal(atomic_load(&errors_handled), 1); /* in this process: the parent */
	char reply[16];
	assert_int_equal(support_recv_exact(client, reply, 12, SUPPORT_WAIT_MS), 0);
	assert_true(support_peer_closed(client, SUPPORT_WAIT_MS)); /* and shutdown_request */
	assert_int_equal(ss_forking_active_children(server), 0);
	finish_client(client);

	client = support_connect(server->server_address);
	assert_int_equal(ss_handle_request(server), 0);
	assert_int_equal(echo_once(client, false, "next", 4), 0);
	finish_client(client);
	ss_server_free(server);
	assert_int_equal(children_count(), 0);
}

/* Our child closes the listening socket (CPython's keeps it); a datagram
 * server's child keeps it: it is the socket it answers on. */
static void
the_child_closes_the_listening_socket(void **state)
{
	(void)state;
	char reply[16];
	ss_server *server = ss_server_new(&ss_forking_tcp_server, "127.0.0.1:0", &probe_handler, NULL);

	assert_non_null(server);
	int client = support_connect(server->server_address);
	assert_int_equal(support_send_all(client, "fd?", 3), 0);
	assert_int_equal(ss_handle_request(server), 0);
	assert_int_equal(support_recv_exact(client, reply, 6, SUPPORT_WAIT_MS), 0);
	assert_memory_equal(reply, "closed", 6);
	finish_client(client);
	/* in the parent it is open, and serving */
	assert_true(fcntl(ss_socket_server_of(server)->socket, F_GETFD) != -1);
	ss_server_free(server);
}

/* Every descriptor the server holds while a child runs — the listening
 * socket; pidfds are opened only to wait at max_children — is close-on-exec. */
static void
descriptors_are_close_on_exec(void **state)
{
	(void)state;
	bool inherited[1024];

	for (int fd = 0; fd < 1024; fd++) /* what the test was started with is not ours */
		inherited[fd] = fcntl(fd, F_GETFD) != -1;
	ss_server *server = ss_server_new(&ss_forking_tcp_server, "127.0.0.1:0", &probe_handler, NULL);

	assert_non_null(server);
	int before = support_fd_count();
	int client = support_connect(server->server_address);
	assert_int_equal(ss_handle_request(server), 0);
	assert_int_equal(ss_forking_active_children(server), 1);
	assert_int_equal(support_fd_count(), before + 1); /* the client: no pidfd kept per child */
	for (int fd = 3; fd < 1024; fd++) {
		int flags = fcntl(fd, F_GETFD);
		if (!inherited[fd] && flags != -1 && !(flags & FD_CLOEXEC)) {
			char link[64], target[256] = "";
			snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
			ssize_t length = readlink(link, target, sizeof target - 1);
			target[length > 0 ? length : 0] = '\0';
			fail_msg("fd %d (%s) is not close-on-exec", fd, target);
		}
	}
	assert_int_equal(echo_once(client, false, "x", 1), 0);
	finish_client(client);
	ss_server_free(server);
	assert_int_equal(support_fd_count(), before - 1); /* the listening socket gone too */
}

/* ---- SIGTERM ------------------------------------------------------------------- */

static int atexit_pipe = -1;

static void
say_atexit(void)
{
	char line[32];
	int length = snprintf(line, sizeof line, "atexit %ld\n", (long)getpid());
	if (write(atexit_pipe, line, (size_t)length) < 0) {
		/* the test sees the missing line */
	}
}

/* The server process: ForkingTCPServer stopped by SIGTERM, its children
 * reaped by server_close; exits 0 only if none is left. */
static void
serve_until_sigterm(int report)
{
	ss_server *server;
	char line[256];

	assert_int_equal(ss_stop_on_signals(), 0);
	server = ss_server_new(&ss_forking_tcp_server, "127.0.0.1:0", &probe_handler, NULL);
	if (server == NULL)
		_exit(3);
	int length = snprintf(line, sizeof line, "listening on %s\n", server->server_address);
	if (write(report, line, (size_t)length) != length)
		_exit(3);
	int status = ss_serve_forever(server, 5.0); /* a long poll: the signal must end it */
	bool stopped = status == -1 && ss_stop_requested();
	ss_server_free(server); /* waits for the child */
	exit(stopped && children_count() == 0 && zombie_count() == 0 ? 0 : 4);
}

static void
sigterm_stops_with_children_reaped(void **state)
{
	(void)state;
	int report[2], exits[2];
	char line[256], reply[16];

	assert_int_equal(pipe(report), 0);
	assert_int_equal(pipe(exits), 0);
	fflush(NULL);
	pid_t server_pid = __real_fork();
	assert_true(server_pid >= 0);
	if (server_pid == 0) {
		close(report[0]);
		close(exits[0]);
		atexit_pipe = exits[1];
		atexit(say_atexit);
		serve_until_sigterm(report[1]);
	}
	close(report[1]);
	close(exits[1]);
	assert_true(support_read_line(report[0], line, sizeof line, SUPPORT_WAIT_MS) > 0);
	assert_non_null(strstr(line, "listening on "));
	int client = support_connect(line + strlen("listening on "));
	assert_true(client >= 0);
	/* a child serves it: ask its pid, so it surely runs before the signal */
	assert_int_equal(support_send_all(client, "pid?", 4), 0);
	ssize_t got = recv(client, reply, sizeof reply - 1, 0);
	assert_true(got > 0);
	finish_client(client);

	int second = support_connect(line + strlen("listening on "));
	assert_true(second >= 0);
	assert_int_equal(support_send_all(second, "pid?", 4), 0);
	assert_true(recv(second, reply, sizeof reply - 1, 0) > 0);
	/* the second child waits in recv for more; the parent gets SIGTERM, and
	 * passes the stop on: the child's wait ends, it shuts the request down */
	assert_int_equal(kill(server_pid, SIGTERM), 0);
	assert_true(support_peer_closed(second, SUPPORT_WAIT_MS));
	finish_client(second);
	int status;
	assert_int_equal(__real_waitpid(server_pid, &status, 0), server_pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	/* exactly one atexit line: the server process's, none from its children */
	assert_true(support_read_line(exits[0], line, sizeof line, SUPPORT_WAIT_MS) > 0);
	char expected[64];
	snprintf(expected, sizeof expected, "atexit %ld", (long)server_pid);
	assert_string_equal(line, expected);
	assert_int_equal(support_read_line(exits[0], line, sizeof line, 100), -1);
	close(report[0]);
	close(exits[0]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(hundred_clients_forking_tcp, kill_leftover_children),
		cmocka_unit_test_teardown(hundred_clients_forking_unix_stream, kill_leftover_children),
		cmocka_unit_test_teardown(hundred_clients_forking_udp, kill_leftover_children),
		cmocka_unit_test_teardown(hundred_clients_forking_unix_datagram, kill_leftover_children),
		cmocka_unit_test_teardown(max_children_holds_the_rest_back, kill_leftover_children),
		cmocka_unit_test_teardown(child_exit_status_and_handle_error_in_the_child, kill_leftover_children),
		cmocka_unit_test_teardown(another_failure_in_the_child_skips_handle_error, kill_leftover_children),
		cmocka_unit_test_teardown(the_programs_own_child_is_not_stolen, kill_leftover_children),
		cmocka_unit_test_teardown(a_child_reaped_by_the_program_is_forgotten, kill_leftover_children),
		cmocka_unit_test_teardown(no_block_on_close_leaves_no_zombie, kill_leftover_children),
		cmocka_unit_test_teardown(a_failed_fork_goes_to_handle_error, kill_leftover_children),
		cmocka_unit_test_teardown(the_child_closes_the_listening_socket, kill_leftover_children),
		cmocka_unit_test_teardown(descriptors_are_close_on_exec, kill_leftover_children),
		cmocka_unit_test_teardown(sigterm_stops_with_children_reaped, kill_leftover_children),
	};
	warm_up_threads();
	support_watchdog(120);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
