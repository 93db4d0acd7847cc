/* Exercise 2 — a solution: send_output() of select-echo, as a function of its own. */
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
	do /* MSG_NOSIGNAL: EPIPE instead of SIGPIPE */
		sent = send(fd, buffer, *length, MSG_NOSIGNAL);
	while (sent == -1 && errno == EINTR);
	if (sent == -1)
		return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
	memmove(buffer, buffer + sent, *length - (size_t)sent);
	*length -= (size_t)sent;
	return sent;
}
