/* Exercise 3 — retry EINTR with the time that is left.
 *
 * A signal that arrives while poll() waits — a timer, a child that exited,
 * SIGWINCH when the terminal is resized — makes poll return -1 with errno
 * EINTR. Python retries for you (PEP 475) and recomputes the timeout; in C
 * it is yours to do. ss_selector_select does it (chapters/02-select/selector.c);
 * here, do it for one fd.
 *
 *   make build/normal/exercises/02-select/3-time-left.learner && \
 *     build/normal/exercises/02-select/3-time-left.learner
 */
#include "3-time-left.h"

#include <poll.h>
#include <time.h>

int
exercise_wait_readable(int fd, double timeout)
{
	struct pollfd watch = {.fd = fd, .events = POLLIN};
	int milliseconds = timeout < 0 ? -1 : (int)(timeout * 1000);

	/* TODO: a signal makes this poll fail with EINTR, and the caller gets
	 * -1 for no reason of its own. Retry instead — with the time left, from
	 * a deadline on clock_gettime(CLOCK_MONOTONIC, ...). And round the
	 * milliseconds up: (int)(0.0005 * 1000) is 0, "do not wait at all". */
	int n = poll(&watch, 1, milliseconds);

	return n > 0 ? 1 : n;
}
