/* deadline.c — one deadline for a whole rfile/wfile call, however many
 * recv or send calls it takes (request_handlers.h, "Timeouts"). */
#include "request_handlers.h"
#include "deadline.h"

#include <limits.h>
#include <time.h>

static double
monotonic_seconds(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

double
ss_deadline_after(double timeout)
{
	return timeout < 0 ? SS_NO_TIMEOUT : monotonic_seconds() + timeout;
}

/*@region wait-until */
int
ss_wait_until(int fd, short events, double deadline)
{
	int timeout_ms = -1;

	if (deadline >= 0) {
		double left = deadline - monotonic_seconds();
		if (left <= 0)
			return 0;
		/* rounded up: a wait that ends is past the deadline, never short of it */
		timeout_ms = left > INT_MAX / 1000 ? INT_MAX : (int)(left * 1000.0) + 1;
	}
	return ss_wait_fd(fd, events, timeout_ms); /* EINTR retried unless a stop was requested */
}
/*@end wait-until */
