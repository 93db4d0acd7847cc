/* deadline.h — the waits rfile and wfile share: chapter 6's internals,
 * compiled into the library, not installed (lib/socketserver.h says so).
 * A program waits with chapter 1's ss_wait_fd.
 */
#ifndef SS_DEADLINE_H
#define SS_DEADLINE_H

/* The monotonic time timeout seconds from now; SS_NO_TIMEOUT stays SS_NO_TIMEOUT. */
double ss_deadline_after(double timeout);

/* Wait for events on fd until deadline (SS_NO_TIMEOUT: no limit) with
 * ss_wait_fd: 1 ready, 0 the deadline passed, -1 an error or a stop request. */
int ss_wait_until(int fd, short events, double deadline);

#endif
