/* Exercise 1 — THE MISTAKE its hint warns about: the timeout cut down
 * to whole milliseconds, so 0.0004 s becomes 0 ms, "do not wait". */
#include "1-epoll-backend.h"

#include <errno.h>
#include <limits.h>
#include <sys/epoll.h>
#include <unistd.h>

/* Seconds to epoll_wait's milliseconds, rounded up: 0.0004 s is 1 ms, not
 * 0 ms, which would mean "do not wait". */
static int
to_milliseconds_rounded_up(double timeout)
{
	double milliseconds = timeout * 1000.0;
	int whole;

	if (milliseconds >= INT_MAX)
		return INT_MAX;
	whole = (int)milliseconds;
	return whole; /* the mistake: 0.4 ms -> 0 ms */
}

int
exercise_epoll_select(ss_selector *self, double timeout)
{
	struct epoll_event happened[64];
	int instance = epoll_create1(EPOLL_CLOEXEC);
	int n;

	if (instance == -1)
		return -1;
	for (int i = 0; i < self->count; i++) {
		const ss_selector_key *key = &self->keys[i];
		struct epoll_event watch = {
			.events = ((key->events & SS_EVENT_READ) ? EPOLLIN : 0u) |
			          ((key->events & SS_EVENT_WRITE) ? EPOLLOUT : 0u),
			.data.u32 = (uint32_t)i, /* which key: its place in keys[] */
		};

		self->keys[i].ready = 0;
		if (epoll_ctl(instance, EPOLL_CTL_ADD, key->fd, &watch) == -1) {
			int saved_errno = errno;
			close(instance);
			errno = saved_errno;
			return -1;
		}
	}
	n = epoll_wait(instance, happened, (int)(sizeof happened / sizeof happened[0]),
	               timeout >= 0 ? to_milliseconds_rounded_up(timeout) : -1);
	int saved_errno = errno;
	close(instance);
	errno = saved_errno;
	for (int j = 0; j < n; j++) {
		ss_selector_key *key = &self->keys[happened[j].data.u32];
		uint32_t what = happened[j].events;
		int ready = 0;

		if (what & (EPOLLIN | EPOLLHUP | EPOLLERR))
			ready |= SS_EVENT_READ;
		if (what & (EPOLLOUT | EPOLLHUP | EPOLLERR))
			ready |= SS_EVENT_WRITE;
		key->ready = ready & key->events;
	}
	return n;
}
