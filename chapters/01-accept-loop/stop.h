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
 */
#ifndef SS_STOP_H
#define SS_STOP_H

#include <signal.h>
#include <stdbool.h>

/* Make SIGINT and SIGTERM request a stop, and block them outside the
 * library's waits (see above). Returns 0, or -1 with errno. */
int ss_stop_on_signals(void);

/* The signal mask to wait with: this thread's mask without SIGINT/SIGTERM. */
void ss_stop_wait_mask(sigset_t *mask);

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
