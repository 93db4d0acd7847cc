/* Exercise 3 — a solution: the deadline loop of ss_selector_select, for one fd. */
#include "3-time-left.h"

#include <errno.h>
#include <poll.h>
#include <time.h>

static double
monotonic_now(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

int
exercise_wait_readable(int fd, double timeout)
{
	double deadline = monotonic_now() + timeout, left = timeout;

	for (;;) {
		struct pollfd watch = {.fd = fd, .events = POLLIN};
		double ms = left * 1000;
		/* rounded up: 0.4 ms must not become 0, "do not wait" */
		int milliseconds = timeout < 0 ? -1 : (int)ms + ((double)(int)ms < ms ? 1 : 0);
		int n = poll(&watch, 1, milliseconds);

		if (n > 0)
			return 1;
		if (n == -1 && errno != EINTR)
			return -1;
		if (timeout < 0)
			continue; /* no limit: wait again */
		left = deadline - monotonic_now();
		if (left <= 0) {
			if (n == 0)
				return 0; /* the time is up */
			left = 0;     /* interrupted at the very end: one last look */
		}
	}
}
