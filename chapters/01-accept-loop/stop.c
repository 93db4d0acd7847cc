/* stop.c — the "stop requested" flag behind stop.h. */
#include "stop.h"

#include <errno.h>
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

int
ss_stop_on_signals(void)
{
	struct sigaction action;

	memset(&action, 0, sizeof action);
	action.sa_handler = on_stop_signal;
	sigemptyset(&action.sa_mask);
	action.sa_flags = 0; /* no SA_RESTART: blocked calls must return EINTR */
	if (sigaction(SIGINT, &action, NULL) == -1 || sigaction(SIGTERM, &action, NULL) == -1)
		return -1;
	return 0;
}

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
