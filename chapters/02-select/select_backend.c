/* select_backend.c — SelectSelector: the selector on select(2).
 *
 * select() takes its fds as bit sets, fd_set, one bit an fd. An fd_set has a
 * fixed size: FD_SETSIZE bits (1024 on Linux), so select() cannot watch an fd
 * numbered 1024 or more — and FD_SET() on such an fd writes past the end of
 * the set, silently corrupting the memory next to it. A server with many
 * clients reaches fd 1024 soon enough; hence the check at registration.
 */
#include "selector_class.h"

#include <errno.h>
#include <string.h>
#include <signal.h>
#include <sys/select.h>
#include <time.h>

#include "error.h"
#include "stop.h"

static int
select_selector_check_fd(const ss_selector *self, int fd)
{
	(void)self;
	if (fd >= FD_SETSIZE) {
		ss_set_error("cannot watch fd %d with select(): select can only watch fds below "
		             "FD_SETSIZE (%d); use the poll backend",
		             fd, FD_SETSIZE);
		errno = EINVAL;
		return -1;
	}
	return 0;
}

/* Seconds as a struct timeval, rounded up: waking early is worse than late. */
static struct timeval
to_timeval(double seconds)
{
	struct timeval limit;

	if (seconds > 1e8)
		seconds = 1e8; /* about three years; the caller waits again if need be */
	limit.tv_sec = (time_t)seconds;
	limit.tv_usec = (suseconds_t)((seconds - (double)limit.tv_sec) * 1e6 + 0.999);
	if (limit.tv_usec >= 1000000) {
		limit.tv_sec++;
		limit.tv_usec -= 1000000;
	}
	return limit;
}

static int
select_selector_select(ss_selector *self, double timeout)
{
	fd_set readers, writers;
	struct timeval limit = {0, 0};
	int highest = -1, n;

	/* The kernel overwrites the sets with its answer, so they are built
	 * anew for every call: the cost grows with the number of fds watched. */
	FD_ZERO(&readers);
	FD_ZERO(&writers);
	for (int i = 0; i < self->count; i++) {
		const ss_selector_key *key = &self->keys[i];

		if (key->events & SS_EVENT_READ)
			FD_SET(key->fd, &readers);
		if (key->events & SS_EVENT_WRITE)
			FD_SET(key->fd, &writers);
		if (key->fd > highest)
			highest = key->fd;
	}
	if (timeout >= 0)
		limit = to_timeval(timeout);
	/* pselect, not select: it unblocks SIGINT/SIGTERM only while it waits,
	 * so a stop signal cannot slip in before the wait begins (stop.h). */
	struct timespec precise = {limit.tv_sec, (long)limit.tv_usec * 1000L};
	sigset_t wait_mask;

	ss_stop_wait_mask(&wait_mask);
	n = pselect(highest + 1, &readers, &writers, NULL, timeout >= 0 ? &precise : NULL, &wait_mask);
	if (n <= 0)
		return n; /* 0: time-out; -1: errno (EINTR, EBADF for a closed fd, ...) */
	for (int i = 0; i < self->count; i++) {
		ss_selector_key *key = &self->keys[i];

		key->ready = (FD_ISSET(key->fd, &readers) ? SS_EVENT_READ : 0) |
		             (FD_ISSET(key->fd, &writers) ? SS_EVENT_WRITE : 0);
	}
	return n;
}

const ss_selector_class ss_select_selector = {
	.name = "SelectSelector",
	.backend = "select",
	.check_fd = select_selector_check_fd,
	.select = select_selector_select,
};
