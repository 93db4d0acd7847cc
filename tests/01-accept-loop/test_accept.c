/* test_accept.c — ss_accept under EINTR, ECONNABORTED and EMFILE, and
 * close-on-exec set atomically.
 *
 * accept4() is wrapped (see the @wrap line below): each test can queue errors
 * that the next calls return before the real accept4() runs, and the flags
 * of the last call are kept. ppoll() is wrapped to count the waits. */
/*@wrap accept4 ppoll */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "net.h"
#include "support.h"

int __real_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);
int __real_ppoll(struct pollfd *fds, nfds_t n, const struct timespec *timeout, const sigset_t *mask);

static int queued_errors[8];
static int queued_count;
static int accept_calls;
static int last_flags;
static int ppoll_calls;

int
__wrap_ppoll(struct pollfd *fds, nfds_t n, const struct timespec *timeout, const sigset_t *mask)
{
	ppoll_calls++;
	return __real_ppoll(fds, n, timeout, mask);
}

static void
queue_accept_error(int error)
{
	queued_errors[queued_count++] = error;
}

int
__wrap_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags)
{
	accept_calls++;
	last_flags = flags;
	if (queued_count > 0) {
		errno = queued_errors[0];
		memmove(queued_errors, queued_errors + 1, sizeof queued_errors - sizeof queued_errors[0]);
		queued_count--;
		return -1;
	}
	return __real_accept4(fd, address, length, flags);
}

/* A listening socket with one client already connected to it (the
 * handshake completes in the kernel's backlog, before any accept). */
typedef struct {
	int listener;
	int client;
} fixture;

static int
setup(void **state)
{
	static fixture f;
	ss_address bound;
	char text[SS_ADDRESS_TEXT_MAX];

	support_watchdog(30);
	queued_count = 0;
	accept_calls = 0;
	ppoll_calls = 0;
	(void)ss_stop_wait_found_readable(-1); /* no hint left from the last test */
	ss_clear_stop();
	f.listener = ss_listen("127.0.0.1:0", 5, false, &bound);
	if (f.listener < 0)
		return -1;
	f.client = support_connect(ss_address_format(&bound, text, sizeof text));
	*state = &f;
	return f.client < 0 ? -1 : 0;
}

static int
teardown(void **state)
{
	fixture *f = *state;

	close(f->client);
	close(f->listener);
	ss_clear_stop();
	return 0;
}

static void
eintr_is_retried(void **state)
{
	fixture *f = *state;
	ss_address peer;
	int fd;

	queue_accept_error(EINTR);
	queue_accept_error(EINTR);
	fd = ss_accept(f->listener, &peer);
	assert_true(fd >= 0);
	assert_int_equal(accept_calls, 3);
	assert_int_equal(ss_address_family(&peer), AF_INET);
	close(fd);
}

static void
eintr_after_a_stop_request_is_returned(void **state)
{
	fixture *f = *state;

	ss_request_stop(); /* as SIGINT would, with ss_stop_on_signals() */
	errno = 0;
	assert_int_equal(ss_accept(f->listener, NULL), -1);
	assert_int_equal(errno, EINTR);
	assert_int_equal(accept_calls, 0); /* the wait before accept saw the request */
}

/* One more client for the fixture's listener. */
static int
connect_another(int listener)
{
	ss_address bound;
	char text[SS_ADDRESS_TEXT_MAX];

	bound.length = sizeof bound.storage;
	assert_int_equal(getsockname(listener, (struct sockaddr *)&bound.storage, &bound.length), 0);
	return support_connect(ss_address_format(&bound, text, sizeof text));
}

/* serve_forever's selector has just found the listener readable (the hint
 * it leaves, stop.h): ss_accept accepts without a second wait. The hint is
 * spent on that accept — the next one waits, as does one after a stop. */
static void
a_fresh_readable_hint_skips_the_wait_once(void **state)
{
	fixture *f = *state;

	ss_stop_wait_note_readable(f->listener);
	int fd = ss_accept(f->listener, NULL);
	assert_true(fd >= 0);
	assert_int_equal(ppoll_calls, 0);
	close(fd);

	int second = connect_another(f->listener);
	fd = ss_accept(f->listener, NULL);
	assert_true(fd >= 0);
	assert_int_equal(ppoll_calls, 1); /* no hint now: the wait */
	close(fd);
	close(second);

	ss_stop_wait_note_readable(f->listener);
	ss_request_stop();
	assert_int_equal(ss_accept(f->listener, NULL), -1);
	assert_int_equal(errno, EINTR);
	assert_int_equal(accept_calls, 2); /* the hint did not outlive the stop */
}

/* A connection just accepted leaves the hint for its first recv: its
 * request has usually come with it, so ss_recv may try for the bytes
 * without a stop window (and a wrong hint costs only an EAGAIN). */
static void
a_new_connection_leaves_the_hint_for_its_first_recv(void **state)
{
	fixture *f = *state;

	int fd = ss_accept(f->listener, NULL);
	assert_true(fd >= 0);
	assert_true(ss_stop_wait_found_readable(fd));
	assert_false(ss_stop_wait_found_readable(fd)); /* once */
	close(fd);
}

static void
econnaborted_is_skipped(void **state)
{
	fixture *f = *state;
	int fd;

	queue_accept_error(ECONNABORTED);
	fd = ss_accept(f->listener, NULL);
	assert_true(fd >= 0);
	assert_int_equal(accept_calls, 2);
	close(fd);
}

/* Close-on-exec from the very start: asked of accept4 itself, so there is
 * no moment between accept() and an fcntl() in which a fork+exec on another
 * thread (chapter 5) could inherit the connection. */
static void
accepted_sockets_are_close_on_exec(void **state)
{
	fixture *f = *state;
	int fd = ss_accept(f->listener, NULL);

	assert_true(fd >= 0);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	assert_true(last_flags & SOCK_CLOEXEC);
	close(fd);
}

static void
other_errors_are_reported(void **state)
{
	fixture *f = *state;

	queue_accept_error(ENOBUFS);
	errno = 0;
	assert_int_equal(ss_accept(f->listener, NULL), -1);
	assert_int_equal(errno, ENOBUFS);
	assert_non_null(strstr(ss_error(), "cannot accept"));
}

static void
nonblocking_with_nothing_pending_is_eagain(void **state)
{
	fixture *f = *state;
	int first = ss_accept(f->listener, NULL);

	assert_true(first >= 0);
	fcntl(f->listener, F_SETFL, O_NONBLOCK);
	errno = 0;
	assert_int_equal(ss_accept(f->listener, NULL), -1);
	assert_true(errno == EAGAIN || errno == EWOULDBLOCK);
	close(first);
}

/* The real thing, no injection: the process runs out of fds with a client
 * waiting. ss_accept must take that client off the queue (closing it), so
 * that the listening socket is no longer readable — a poll loop would spin
 * otherwise — and report EMFILE. */
static void
emfile_sheds_the_waiting_client_instead_of_spinning(void **state)
{
	fixture *f = *state;
	struct rlimit saved, low;
	static int fillers[4096];
	int filled = 0, highest = 0;

	for (int fd = 0; fd < 4096; fd++)
		if (fcntl(fd, F_GETFD) != -1)
			highest = fd;
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &saved), 0);
	low = saved;
	low.rlim_cur = (rlim_t)highest + 8;
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &low), 0);
	for (;;) { /* take every fd left */
		int fd = dup(STDERR_FILENO);
		if (fd == -1)
			break;
		assert_true(filled < 4096);
		fillers[filled++] = fd;
	}
	assert_int_equal(errno, EMFILE);

	errno = 0;
	assert_int_equal(ss_accept(f->listener, NULL), -1);
	assert_int_equal(errno, EMFILE);

	while (filled > 0)
		close(fillers[--filled]);
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &saved), 0);

	assert_true(support_peer_closed(f->client, SUPPORT_WAIT_MS));
	assert_int_equal(support_wait_readable(f->listener, 0), 0); /* nothing left queued */
	assert_non_null(strstr(ss_error(), "file descriptors"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(eintr_is_retried, setup, teardown),
		cmocka_unit_test_setup_teardown(eintr_after_a_stop_request_is_returned, setup, teardown),
		cmocka_unit_test_setup_teardown(a_fresh_readable_hint_skips_the_wait_once, setup, teardown),
		cmocka_unit_test_setup_teardown(a_new_connection_leaves_the_hint_for_its_first_recv, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(econnaborted_is_skipped, setup, teardown),
		cmocka_unit_test_setup_teardown(accepted_sockets_are_close_on_exec, setup, teardown),
		cmocka_unit_test_setup_teardown(other_errors_are_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(nonblocking_with_nothing_pending_is_eagain, setup, teardown),
		cmocka_unit_test_setup_teardown(emfile_sheds_the_waiting_client_instead_of_spinning, setup,
		                                teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
