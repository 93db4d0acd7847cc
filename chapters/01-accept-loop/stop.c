/* stop.c — the "stop requested" flag behind stop.h. */
#define _GNU_SOURCE /* ppoll: Linux and the BSDs; POSIX since 2024 */
#include "stop.h"

#include "error.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>

/* Written by a signal handler, read by any thread. A lock-free atomic is safe
 * in both places (C11 7.14.1.1); a plain volatile sig_atomic_t would be a data
 * race between threads. */
#if ATOMIC_INT_LOCK_FREE != 2
#error "stop.c needs a lock-free atomic int to be async-signal-safe"
#endif
static atomic_int stop_flag;

static void
on_stop_signal(int signal_number)
{
	(void)signal_number;
	atomic_store(&stop_flag, 1);
}

static void
stop_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
}

int
ss_stop_on_signals(void)
{
	struct sigaction action;
	sigset_t stop_set;

	memset(&action, 0, sizeof action);
	action.sa_handler = on_stop_signal;
	sigemptyset(&action.sa_mask);
	action.sa_flags = 0; /* no SA_RESTART: blocked calls must return EINTR */
	if (sigaction(SIGINT, &action, NULL) == -1 || sigaction(SIGTERM, &action, NULL) == -1)
		return -1;
	stop_signals(&stop_set);
	errno = pthread_sigmask(SIG_BLOCK, &stop_set, NULL);
	return errno == 0 ? 0 : -1;
}

void
ss_stop_wait_mask(sigset_t *mask)
{
	pthread_sigmask(SIG_SETMASK, NULL, mask);
	sigdelset(mask, SIGINT);
	sigdelset(mask, SIGTERM);
}

/*@region wait-fd */
int
ss_wait_fd(int fd, short events, int timeout_ms)
{
	struct pollfd watch = {.fd = fd, .events = events};
	struct timespec limit, *timeout = NULL;
	sigset_t wait_mask;

	if (timeout_ms >= 0) {
		limit.tv_sec = timeout_ms / 1000;
		limit.tv_nsec = (long)(timeout_ms % 1000) * 1000000L;
		timeout = &limit;
	}
	ss_stop_wait_mask(&wait_mask);
	for (;;) {
		if (ss_stop_requested()) { /* the stop signals are blocked here... */
			ss_set_error("interrupted: a stop was requested");
			errno = EINTR;
			return -1;
		}
		/* ...and unblocked only inside ppoll, atomically */
		int ready = ppoll(&watch, 1, timeout, &wait_mask);
		if (ready >= 0)
			return ready;
		if (errno != EINTR) {
			ss_set_error("cannot wait for fd %d: %s", fd, strerror(errno));
			return -1;
		}
	}
}
/*@end wait-fd */

bool
ss_stop_requested(void)
{
	return atomic_load(&stop_flag) != 0;
}

void
ss_request_stop(void)
{
	atomic_store(&stop_flag, 1);
}

void
ss_clear_stop(void)
{
	atomic_store(&stop_flag, 0);
}

bool
ss_retry_interrupted(int error)
{
	return error == EINTR && !ss_stop_requested();
}
