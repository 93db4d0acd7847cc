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
#include <sys/socket.h>

/* Written by a signal handler, read by any thread. A lock-free atomic is safe
 * in both places (C11 7.14.1.1); a plain volatile sig_atomic_t would be a data
 * race between threads. */
#if ATOMIC_INT_LOCK_FREE != 2
#error "stop.c needs a lock-free atomic int to be async-signal-safe"
#endif
static atomic_int stop_flag;

/* This thread's open stop window (stop.h): the socket it is about to block
 * on, NO_WINDOW, or SHUT_BY_STOP once a stop signal has shut it. Read by the
 * signal handler, which runs in the thread that has the signal unblocked —
 * the window's own. A lock-free atomic, as stop_flag; initial-exec so that
 * reaching it from a handler never allocates, even in a shared library. */
enum { NO_WINDOW = -1, SHUT_BY_STOP = -2 };
static _Thread_local atomic_int window_fd __attribute__((tls_model("initial-exec"))) = NO_WINDOW;

/*@region stop-signal-handler */
static void
on_stop_signal(int signal_number)
{
	(void)signal_number;
	int saved_errno = errno; /* shutdown may change it under the code we interrupted */
	atomic_store(&stop_flag, 1);
	int fd = atomic_load(&window_fd);
	if (fd >= 0) { /* inside a stop window: its recv must not block, started or not */
		shutdown(fd, SHUT_RD);
		atomic_store(&window_fd, SHUT_BY_STOP);
	}
	errno = saved_errno;
}
/*@end stop-signal-handler */

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
	return ss_pthread_sigmask(SIG_BLOCK, &stop_set, NULL);
}

/*@region wait-mask */
/* The wait mask, one per thread (a new thread starts with none known). It
 * used to be read from the kernel on every wait: one rt_sigprocmask system
 * call per recv that had to wait. */
static _Thread_local sigset_t wait_mask;
static _Thread_local bool wait_mask_known;

static void
learn_wait_mask(const sigset_t *thread_mask)
{
	wait_mask = *thread_mask;
	sigdelset(&wait_mask, SIGINT);
	sigdelset(&wait_mask, SIGTERM);
	wait_mask_known = true;
}

void
ss_stop_wait_mask(sigset_t *mask)
{
	if (!wait_mask_known) {
		sigset_t current;
		pthread_sigmask(SIG_SETMASK, NULL, &current);
		learn_wait_mask(&current);
	}
	*mask = wait_mask;
}

int
ss_pthread_sigmask(int how, const sigset_t *set, sigset_t *old)
{
	sigset_t before, now;
	int error = pthread_sigmask(how, set, &before);

	/* read back, rather than computed: the kernel's own view of the result */
	if (error == 0)
		error = pthread_sigmask(SIG_SETMASK, NULL, &now);
	if (error != 0) {
		wait_mask_known = false; /* the next wait reads it again */
		errno = error;
		return -1;
	}
	if (old != NULL)
		*old = before;
	learn_wait_mask(&now);
	return 0;
}
/*@end wait-mask */

/*@region stop-window */
bool
ss_stop_window_open(ss_stop_window *window, int fd)
{
	sigset_t stop_set;

	stop_signals(&stop_set);
	/* Published before the unblock: a stop signal pending now is delivered
	 * by the unblock itself, and must find the socket. */
	atomic_store(&window_fd, fd);
	pthread_sigmask(SIG_UNBLOCK, &stop_set, &window->saved);
	return !ss_stop_requested(); /* checked after the unblock: nothing slips between */
}

bool
ss_stop_window_close(ss_stop_window *window)
{
	pthread_sigmask(SIG_SETMASK, &window->saved, NULL); /* no stop handler runs after this */
	return atomic_exchange(&window_fd, NO_WINDOW) == SHUT_BY_STOP;
}
/*@end stop-window */

/* The fd this thread's last ss_wait_fd found readable, or -1 (a hint for
 * ss_recv: see stop.h). */
static _Thread_local int readable_fd = -1;

bool
ss_stop_wait_found_readable(int fd)
{
	bool found = fd >= 0 && readable_fd == fd;

	readable_fd = -1;
	return found;
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
		if (ready >= 0) {
			readable_fd = ready == 1 && (watch.revents & POLLIN) ? fd : -1;
			return ready;
		}
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
