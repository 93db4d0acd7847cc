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
static _Thread_local bool stop_signals_blocked; /* in the thread's own mask */
static _Thread_local bool takes_no_stop_signals; /* ss_stop_signals_elsewhere */

static void
learn_wait_mask(const sigset_t *thread_mask)
{
	wait_mask = *thread_mask;
	stop_signals_blocked = sigismember(thread_mask, SIGINT) && sigismember(thread_mask, SIGTERM);
	if (!takes_no_stop_signals) { /* a quiet thread waits with them blocked */
		sigdelset(&wait_mask, SIGINT);
		sigdelset(&wait_mask, SIGTERM);
	}
	wait_mask_known = true;
}

static void
know_wait_mask(void)
{
	if (!wait_mask_known) {
		sigset_t current;
		pthread_sigmask(SIG_SETMASK, NULL, &current);
		learn_wait_mask(&current);
	}
}

void
ss_stop_wait_mask(sigset_t *mask)
{
	know_wait_mask();
	*mask = wait_mask;
}

bool
ss_stop_signals_blocked(void)
{
	know_wait_mask();
	return stop_signals_blocked;
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

/*@region quiet-slot */
/* Threads that take no stop signal (stop.h: ss_stop_signals_elsewhere).
 * Each has a slot, linked in `quiet_threads`: the socket its stop window
 * or wait is on now, or -1. After a stop, ss_stop_shut_windows shuts each
 * one — what the signal handler does in a thread of its own, done from
 * outside. The slot's lock is held only around a store, so it never makes
 * anyone wait long; it is what keeps the socket shut the slot's own (its
 * thread cannot close it, nor reuse its number, in between). */
typedef struct quiet_slot {
	struct quiet_slot *previous, *next; /* guarded by quiet_lock */
	pthread_mutex_t lock;               /* guards the rest */
	int fd;                             /* the window's or wait's socket, or -1 */
	int how;                            /* SHUT_RD; SHUT_RDWR for a wait to send */
	bool shut;                          /* by ss_stop_shut_windows, since publish */
} quiet_slot;
/*@end quiet-slot */

static pthread_mutex_t quiet_lock = PTHREAD_MUTEX_INITIALIZER;
static quiet_slot *quiet_threads;
static pthread_once_t quiet_key_once = PTHREAD_ONCE_INIT;
static pthread_key_t quiet_key; /* its destructor unlinks a thread's slot when it ends */
static int quiet_key_error;
static _Thread_local quiet_slot my_slot;

static void
unlink_slot(void *slot_pointer)
{
	quiet_slot *slot = slot_pointer;

	pthread_mutex_lock(&quiet_lock);
	if (slot->previous != NULL)
		slot->previous->next = slot->next;
	else
		quiet_threads = slot->next;
	if (slot->next != NULL)
		slot->next->previous = slot->previous;
	pthread_mutex_unlock(&quiet_lock);
	pthread_mutex_destroy(&slot->lock);
}

static void
create_quiet_key(void)
{
	quiet_key_error = pthread_key_create(&quiet_key, unlink_slot);
}

int
ss_stop_signals_elsewhere(void)
{
	sigset_t stop_set, before;

	if (takes_no_stop_signals)
		return 0;
	pthread_once(&quiet_key_once, create_quiet_key);
	if (quiet_key_error != 0) {
		errno = quiet_key_error;
		return -1;
	}
	stop_signals(&stop_set);
	int error = pthread_sigmask(SIG_BLOCK, &stop_set, &before); /* for good */
	if (error == 0)
		error = pthread_setspecific(quiet_key, &my_slot);
	if (error != 0) {
		errno = error;
		return -1;
	}
	pthread_mutex_init(&my_slot.lock, NULL);
	my_slot.fd = -1;
	pthread_mutex_lock(&quiet_lock);
	my_slot.previous = NULL;
	my_slot.next = quiet_threads;
	if (quiet_threads != NULL)
		quiet_threads->previous = &my_slot;
	quiet_threads = &my_slot;
	pthread_mutex_unlock(&quiet_lock);
	takes_no_stop_signals = true;
	sigorset(&before, &before, &stop_set);
	learn_wait_mask(&before);
	return 0;
}

/*@region quiet-publish */
/* Publish the socket this quiet thread is about to block on; then the
 * caller checks the stop flag. The other order would be the old race. */
static void
publish(int fd, int how)
{
	pthread_mutex_lock(&my_slot.lock);
	my_slot.fd = fd;
	my_slot.how = how;
	my_slot.shut = false;
	pthread_mutex_unlock(&my_slot.lock);
}

/* The call has returned: true if ss_stop_shut_windows shut the socket. */
static bool
unpublish(void)
{
	pthread_mutex_lock(&my_slot.lock);
	bool shut = my_slot.shut;
	my_slot.fd = -1;
	pthread_mutex_unlock(&my_slot.lock);
	return shut;
}

void
ss_stop_shut_windows(void)
{
	/* Read first: a thread that publishes after this walk passed its slot
	 * takes the slot's lock after the walk did, so it sees the flag too. */
	if (!ss_stop_requested())
		return;
	pthread_mutex_lock(&quiet_lock);
	for (quiet_slot *slot = quiet_threads; slot != NULL; slot = slot->next) {
		pthread_mutex_lock(&slot->lock);
		if (slot->fd >= 0 && !slot->shut) {
			shutdown(slot->fd, slot->how);
			slot->shut = true;
		}
		pthread_mutex_unlock(&slot->lock);
	}
	pthread_mutex_unlock(&quiet_lock);
}
/*@end quiet-publish */

/*@region stop-window */
bool
ss_stop_window_open(ss_stop_window *window, int fd)
{
	sigset_t stop_set;

	if (takes_no_stop_signals) { /* no mask to change: publish the socket */
		publish(fd, SHUT_RD);
		return !ss_stop_requested();
	}
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
	if (takes_no_stop_signals)
		return unpublish();
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

void
ss_stop_wait_note_readable(int fd)
{
	readable_fd = fd;
}

/*@region wait-fd */
int
ss_wait_fd(int fd, short events, int timeout_ms)
{
	struct pollfd watch = {.fd = fd, .events = events};
	struct timespec limit, *timeout = NULL;
	sigset_t wait_mask;
	int ready;

	if (timeout_ms >= 0) {
		limit.tv_sec = timeout_ms / 1000;
		limit.tv_nsec = (long)(timeout_ms % 1000) * 1000000L;
		timeout = &limit;
	}
	ss_stop_wait_mask(&wait_mask);
	if (takes_no_stop_signals) /* its mask keeps them blocked: the socket is shut instead */
		publish(fd, events & POLLOUT ? SHUT_RDWR : SHUT_RD);
	for (;;) {
		if (ss_stop_requested()) { /* the stop signals are blocked here... */
			ready = -1;
			errno = EINTR;
			break;
		}
		/* ...and unblocked only inside ppoll, atomically */
		ready = ppoll(&watch, 1, timeout, &wait_mask);
		if (ready >= 0 || errno != EINTR)
			break;
	}
	if (takes_no_stop_signals && unpublish() && ready >= 0) { /* shut by the stop */
		ready = -1;
		errno = EINTR;
	}
	readable_fd = ready == 1 && (watch.revents & POLLIN) ? fd : -1;
	if (ready == -1) {
		int error = errno;
		if (error == EINTR)
			ss_set_error("interrupted: a stop was requested");
		else
			ss_set_error("cannot wait for fd %d: %s", fd, strerror(error));
		errno = error;
	}
	return ready;
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
