/* Exercise 3 — the mistake its hint warns about (`tools/exercises verify`
 * proves the test catches it): after a signal, poll() again with the WHOLE
 * timeout. A signal every 20 ms then stretches a 0.5 s wait to well past it. */
#include "3-time-left.h"

#include <errno.h>
#include <poll.h>

int
exercise_wait_readable(int fd, double timeout)
{
	for (;;) {
		struct pollfd watch = {.fd = fd, .events = POLLIN};
		double ms = timeout * 1000;
		int milliseconds = timeout < 0 ? -1 : (int)ms + ((double)(int)ms < ms ? 1 : 0);
		int n = poll(&watch, 1, milliseconds);

		if (n > 0)
			return 1;
		if (n == 0)
			return 0;
		if (errno != EINTR)
			return -1;
		/* the mistake: no deadline, so the next wait starts from scratch */
	}
}
