/* stop.h — stopping a server with a signal, and when to retry EINTR.
 *
 * A blocking call (accept, recv, poll) interrupted by a signal fails with
 * EINTR. Python retries such a call by itself (PEP 475) — unless the signal
 * handler raised an exception, such as KeyboardInterrupt on Ctrl-C; then the
 * exception ends the call. We do the same: SIGINT and SIGTERM, once
 * ss_stop_on_signals() is installed, set a "stop requested" flag, and every
 * retry loop in the library asks ss_retry_interrupted() before retrying.
 *
 * A race hides here: if the signal lands after a loop checked the flag but
 * before it entered a blocking call, the call blocks on, flag or no flag.
 * So ss_stop_on_signals() also *blocks* SIGINT and SIGTERM in the calling
 * thread (and the threads it starts later), and the library waits only in
 * ppoll()/pselect(), which unblock them atomically for the wait: a signal
 * is either handled before the check or interrupts the wait — never lost
 * in between. ss_wait_fd() is that wait for one fd.
 *
 * Two things make those waits cheap (chapter 8 measured them):
 *  - The mask a wait unblocks is this thread's mask minus SIGINT/SIGTERM.
 *    Each thread computes it once and keeps it; a thread that changes its
 *    mask afterwards does so with ss_pthread_sigmask(), which keeps the copy
 *    right (a plain pthread_sigmask() would leave the waits using the old one).
 *  - ss_recv (net.h) does not wait in ppoll at all: it blocks in recv itself,
 *    inside a "stop window" (ss_stop_window_open/close below) that unblocks
 *    the two signals just for the call. The race is closed the other way
 *    round: a stop signal that lands in the window, even before recv has
 *    started, shuts down the reading side of the window's socket, so the
 *    recv cannot block — it returns at once.
 *  - A thread that serves requests for another (chapter 5's handler
 *    threads, chapter 8's pool) need not take the signal at all: the thread
 *    in serve_forever takes it. ss_stop_signals_elsewhere() keeps the two
 *    signals blocked in it for good; its windows and waits then change no
 *    mask — they only publish their socket, and after a stop
 *    ss_stop_shut_windows() shuts every published socket, so each call
 *    returns at once. A recv in such a thread is one system call, as in a
 *    bare server. (A selector's wait there is not published: give it a
 *    timeout.)
 */
#ifndef SS_STOP_H
#define SS_STOP_H

#include <signal.h>
#include <stdbool.h>

/* Make SIGINT and SIGTERM request a stop, and block them outside the
 * library's waits (see above). Returns 0, or -1 with errno. */
int ss_stop_on_signals(void);

/* The signal mask to wait with: this thread's mask without SIGINT/SIGTERM
 * (computed on the thread's first wait, then kept: see above). */
void ss_stop_wait_mask(sigset_t *mask);

/* pthread_sigmask (Python's signal.pthread_sigmask) that also keeps this
 * thread's wait mask right. Call it instead of pthread_sigmask in a thread
 * that waits in the library after changing its mask. ss_pthread_sigmask(
 * SIG_SETMASK, NULL, NULL) re-reads the mask after a change made some other
 * way (sigprocmask, siglongjmp). Returns 0, or -1 with errno. */
int ss_pthread_sigmask(int how, const sigset_t *set, sigset_t *old);

/* Is this thread's SIGINT and SIGTERM blocked (by its mask as the wait mask
 * knows it: no system call once known)? A thread started while they are
 * cannot take one before it has blocked them for good. */
bool ss_stop_signals_blocked(void);

/* This thread never takes a stop signal: block SIGINT/SIGTERM in it for
 * good, and make its stop windows and ss_wait_fd publish their socket for
 * ss_stop_shut_windows instead of unblocking them. Call it first thing in
 * a thread that serves requests for the thread running serve_forever.
 * Returns 0, or -1 with errno (the thread then takes them as any other). */
int ss_stop_signals_elsewhere(void);

/* After a stop request (else nothing): shut the socket of every window or
 * wait open in a thread of ss_stop_signals_elsewhere(), so that each ends
 * at once, as a stop signal ends its own thread's (SHUT_RD; SHUT_RDWR for
 * a wait to send). Not for a signal handler: it takes locks. */
void ss_stop_shut_windows(void);

/* The stop window around one blocking call on socket fd (ss_recv's):
 * open unblocks SIGINT/SIGTERM and returns false if a stop has already been
 * requested (then the caller must not block); close puts the mask back and
 * returns true if a stop signal shut the socket's reading side during the
 * window (a 0 from recv then means "stopped", not "the peer closed").
 * Between the two, a stop signal either interrupts the call (EINTR) or makes
 * it return at once: shutdown(fd, SHUT_RD) is async-signal-safe. */
typedef struct ss_stop_window {
	sigset_t saved; /* the mask before open */
} ss_stop_window;
/* Open the window on fd: false if a stop was requested already (do not block). */
bool ss_stop_window_open(ss_stop_window *window, int fd);
/* Close it: true if a stop signal shut fd's reading side meanwhile. */
bool ss_stop_window_close(ss_stop_window *window);

/* Did this thread's last ss_wait_fd just report fd readable (and nothing
 * asked since)? Then its bytes are there: ss_recv takes them with one
 * non-blocking recv, no window. A hint only: asking forgets it, and a wrong
 * one costs a recv that answers EAGAIN. */
bool ss_stop_wait_found_readable(int fd);

/* Leave that hint from a wait of the caller's own (chapter 2's selector):
 * it found fd readable (-1: nothing). ss_accept uses it too: after
 * serve_forever's selector found the listener readable, it accepts at once. */
void ss_stop_wait_note_readable(int fd);

/* Wait until fd is ready for events (POLLIN, POLLOUT), retrying EINTR, or
 * until a stop is requested: then -1 with EINTR, and ss_error() says so
 * (a caller that logs a failure never logs an empty reason). timeout_ms < 0:
 * no limit; returns 1 ready, 0 timed out. */
int ss_wait_fd(int fd, short events, int timeout_ms);

/* Has a stop been requested (by a signal, or by ss_request_stop)? */
bool ss_stop_requested(void);

/* Request a stop as SIGINT would: safe in a signal handler or any thread. */
void ss_request_stop(void);

/* Forget a requested stop, so that the library's waits and retries go on
 * again (a test, or a program that serves once more after a stop). */
void ss_clear_stop(void);

/* Should a call that failed with this errno be tried again? True only for
 * EINTR while no stop has been requested. */
bool ss_retry_interrupted(int error);

#endif
