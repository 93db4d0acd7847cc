/* Exercise 1 — a solution: the poll backend, as chapters/02-select/poll_backend.c
 * (which calls ppoll(), to let the stop signals in only while it waits). */
#include "1-poll-backend.h"

#include <limits.h>
#include <poll.h>

int
exercise_poll_select(ss_selector *self, double timeout)
{
	struct pollfd *watched = ss_selector_scratch(self, (size_t)self->count * sizeof *watched);
	int milliseconds = -1, n;

	if (watched == NULL)
		return -1;
	for (int i = 0; i < self->count; i++) {
		watched[i].fd = self->keys[i].fd;
		watched[i].events = (short)(((self->keys[i].events & SS_EVENT_READ) ? POLLIN : 0) |
		                            ((self->keys[i].events & SS_EVENT_WRITE) ? POLLOUT : 0));
		watched[i].revents = 0;
	}
	if (timeout >= 0) {
		double ms = timeout * 1e3;

		/* rounded up: poll must not come back before the time is up */
		milliseconds = ms >= INT_MAX ? INT_MAX : (int)ms + ((double)(int)ms < ms ? 1 : 0);
	}
	n = poll(watched, (nfds_t)self->count, milliseconds);
	if (n <= 0)
		return n;
	for (int i = 0; i < self->count; i++) {
		int happened = watched[i].revents, ready = 0;

		if (happened & ~POLLOUT) /* POLLIN, and POLLHUP/POLLERR/POLLNVAL */
			ready |= SS_EVENT_READ;
		if (happened & ~POLLIN)  /* POLLOUT, and POLLHUP/POLLERR/POLLNVAL */
			ready |= SS_EVENT_WRITE;
		self->keys[i].ready = ready & self->keys[i].events;
	}
	return n;
}
