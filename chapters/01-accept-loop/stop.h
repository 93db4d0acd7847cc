/* stop.h — stopping a server with a signal, and when to retry EINTR.
 *
 * A blocking call (accept, recv, poll) interrupted by a signal fails with
 * EINTR. Python retries such a call by itself (PEP 475) — unless the signal
 * handler raised an exception, such as KeyboardInterrupt on Ctrl-C; then the
 * exception ends the call. We do the same: SIGINT and SIGTERM, once
 * ss_stop_on_signals() is installed, set a "stop requested" flag, and every
 * retry loop in the library asks ss_retry_interrupted() before retrying.
 */
#ifndef SS_STOP_H
#define SS_STOP_H

#include <stdbool.h>

/* Make SIGINT and SIGTERM request a stop (without SA_RESTART, so that a
 * blocked call returns EINTR and notices). Returns 0, or -1 with errno. */
int ss_stop_on_signals(void);

/* Has a stop been requested (by a signal, or by ss_request_stop)? */
bool ss_stop_requested(void);

/* Request a stop as a signal would (async-signal-safe), or forget one. */
void ss_request_stop(void);
void ss_clear_stop(void);

/* Should a call that failed with this errno be tried again? True only for
 * EINTR while no stop has been requested. */
bool ss_retry_interrupted(int error);

#endif
