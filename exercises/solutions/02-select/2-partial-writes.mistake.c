/* Exercise 2 — the mistake its hint warns about (`tools/exercises verify`
 * proves the test catches it): send() without MSG_NOSIGNAL, so a client that
 * has gone raises SIGPIPE, which ends the whole server. */
#include "2-partial-writes.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

ssize_t
exercise_send_some(int fd, char *buffer, size_t *length)
{
	ssize_t sent;

	if (*length == 0)
		return 0;
	do
		sent = send(fd, buffer, *length, 0); /* the mistake: no MSG_NOSIGNAL */
	while (sent == -1 && errno == EINTR);
	if (sent == -1)
		return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
	memmove(buffer, buffer + sent, *length - (size_t)sent);
	*length -= (size_t)sent;
	return sent;
}
