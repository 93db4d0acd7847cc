/* poll_backend.c — PollSelector: the selector on poll(2), the default.
 *
 * poll() takes an array of struct pollfd {fd, events, revents}: any fd
 * number, as many as the process may open; the kernel writes its answer into
 * revents and leaves the request alone. Like select(), it looks at every fd
 * on every call, so its cost still grows with the number of fds watched.
 */
#define _GNU_SOURCE /* ppoll: Linux and the BSDs; POSIX since 2024 */
#include "selector_class.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <time.h>

#include "stop.h"

/* Seconds as poll's milliseconds, rounded up (Python: math.ceil(timeout * 1e3)). */
static int
to_milliseconds(double seconds)
{
	double ms = seconds * 1e3;

	if (ms >= INT_MAX)
		return INT_MAX; /* about 24 days; the caller waits again if need be */
	return (int)ms + ((double)(int)ms < ms ? 1 : 0);
}

static int
poll_selector_select(ss_selector *self, double timeout)
{
	struct pollfd *watched = ss_selector_scratch(self, (size_t)self->count * sizeof *watched);
	int n;

	if (watched == NULL)
		return -1;
	for (int i = 0; i < self->count; i++) {
		watched[i].fd = self->keys[i].fd;
		watched[i].events = (short)(((self->keys[i].events & SS_EVENT_READ) ? POLLIN : 0) |
		                            ((self->keys[i].events & SS_EVENT_WRITE) ? POLLOUT : 0));
		watched[i].revents = 0;
	}
	/* ppoll, not poll: it unblocks SIGINT/SIGTERM only while it waits, so
	 * a stop signal cannot slip in before the wait begins (stop.h). */
	int milliseconds = timeout >= 0 ? to_milliseconds(timeout) : -1;
	struct timespec limit = {milliseconds / 1000, (long)(milliseconds % 1000) * 1000000L};
	sigset_t wait_mask;

	ss_stop_wait_mask(&wait_mask);
	n = ppoll(watched, (nfds_t)self->count, milliseconds >= 0 ? &limit : NULL, &wait_mask);
	if (n <= 0)
		return n; /* 0: time-out; -1: errno */
	for (int i = 0; i < self->count; i++) {
		int happened = watched[i].revents, ready = 0;

		/* As Python's PollSelector: anything but POLLOUT (POLLIN, POLLHUP,
		 * POLLERR, POLLNVAL) wakes a reader, anything but POLLIN a writer
		 * — a reader then sees the EOF or the error from recv(). */
		if (happened & ~POLLOUT)
			ready |= SS_EVENT_READ;
		if (happened & ~POLLIN)
			ready |= SS_EVENT_WRITE;
		self->keys[i].ready = ready & self->keys[i].events;
	}
	return n;
}

/*@region poll-class */
const ss_selector_class ss_poll_selector = {
	.name = "PollSelector",
	.backend = "poll",
	.check_fd = NULL, /* poll() watches any fd */
	.select = poll_selector_select,
};
/*@end poll-class */
