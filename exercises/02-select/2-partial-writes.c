/* Exercise 2 — handle partial writes.
 *
 * Chapter 1 sent a reply with ss_send_all(): as many send() calls as it
 * takes, waiting whenever the client is slow to read. In a select loop that
 * wait would stall every other client. Here, send once, keep what did not fit.
 * (Until it is right, the test may die of SIGPIPE: that is one of the bugs.)
 *
 *   make build/normal/exercises/02-select/2-partial-writes.learner && \
 *     build/normal/exercises/02-select/2-partial-writes.learner
 */
#include "2-partial-writes.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

ssize_t
exercise_send_some(int fd, char *buffer, size_t *length)
{
	/* TODO: this is the classic bug — send once and assume it all went.
	 * Fix it: one send() (retry it on EINTR), then
	 *  - some bytes sent: move the rest to the front, shrink *length;
	 *  - EAGAIN/EWOULDBLOCK: no room now, that is no error: return 0;
	 *  - any other error: return -1 — and no SIGPIPE, ever. */
	ssize_t sent = send(fd, buffer, *length, 0);

	if (sent == -1)
		return -1;
	*length = 0;
	return sent;
}
