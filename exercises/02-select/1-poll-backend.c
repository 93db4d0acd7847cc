/* Exercise 1 — write the poll backend, given the select one.
 *
 * chapters/02-select/select_backend.c is the select() backend: it turns the
 * registered keys into two fd_sets, calls select(), and turns the sets it
 * gets back into keys[i].ready. Write the same for poll(2), which takes an
 * array of struct pollfd {int fd; short events; short revents;} instead.
 *
 * The test plugs your function into a selector class of its own and runs it
 * through ss_selector_select(): register, make fds ready, select.
 *
 *   make build/normal/exercises/02-select/1-poll-backend.learner && \
 *     build/normal/exercises/02-select/1-poll-backend.learner
 */
#include "1-poll-backend.h"

#include <errno.h>
#include <poll.h>

int
exercise_poll_select(ss_selector *self, double timeout)
{
	/* TODO: 1. Get room for self->count struct pollfd: ss_selector_scratch().
	 *       2. Fill it from self->keys[i]: SS_EVENT_READ -> POLLIN,
	 *          SS_EVENT_WRITE -> POLLOUT.
	 *       3. poll() with the timeout in milliseconds, rounded up
	 *          (negative timeout: -1, no limit). Return -1 or 0 as poll does.
	 *       4. For each key: what revents says happened, as SS_EVENT_READ /
	 *          SS_EVENT_WRITE, within keys[i].events. POLLHUP and POLLERR
	 *          wake readers and writers both. */
	(void)self;
	(void)timeout;
	errno = ENOSYS;
	return -1;
}
