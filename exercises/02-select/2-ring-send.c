/* Exercise 2 — send from a ring buffer, without moving a byte.
 *
 * select-echo's send_output() sends what the socket takes and then memmove()s
 * the rest to the front of out[]: with a big buffer and a slow reader, that
 * is a lot of copying, again and again. A ring buffer copies nothing: the
 * bytes stay where they are, and only `start` moves on, wrapping around at
 * the end of data[]. The price is that the waiting bytes may be in two
 * pieces: from data[start] to the end, then from data[0] on.
 *
 *   make build/normal/exercises/02-select/2-ring-send.learner && \
 *     build/normal/exercises/02-select/2-ring-send.learner
 */
#include "2-ring-send.h"

#include <errno.h>
#include <sys/socket.h>
#include <sys/uio.h>

ssize_t
exercise_ring_send(int fd, ring *r)
{
	/* TODO: send r's waiting bytes, in order, as far as the socket takes
	 * them now (2-ring-send.h says exactly what to return).
	 *   - The bytes may be in two pieces. Either send them with one
	 *     sendmsg() and two struct iovec (man 2 sendmsg, man 3 iovec), or
	 *     with send() piece by piece — stopping when a piece goes only in
	 *     part, since the socket is then full.
	 *   - MSG_NOSIGNAL, so a peer that has gone is EPIPE, not SIGPIPE.
	 *   - EINTR: try again. EAGAIN / EWOULDBLOCK: no room now, return 0.
	 *   - Then move start on by what was sent, wrapping at RING_SIZE, and
	 *     take it off length. */
	(void)fd;
	(void)r;
	errno = ENOSYS;
	return -1;
}
