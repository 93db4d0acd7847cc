/* io.c — receiving, and sending everything: the conversation's two verbs. */
#include "net.h"

#include <errno.h>
#include <string.h>

ssize_t
ss_recv(int fd, void *buffer, size_t size)
{
	for (;;) {
		ssize_t received = recv(fd, buffer, size, 0); /*@ -> recv */
		if (received >= 0)
			return received;
		if (!ss_retry_interrupted(errno)) {
			ss_set_error("cannot receive: %s", strerror(errno));
			return -1;
		}
	}
}

/*@region send-all */
ssize_t
ss_send_all(int fd, const void *data, size_t size)
{
	const char *next = data;
	size_t left = size;

	while (left > 0) {
		/* MSG_NOSIGNAL: a peer that has gone gives EPIPE here, instead of a
		 * SIGPIPE whose default action would end the whole server. */
		ssize_t sent = send(fd, next, left, MSG_NOSIGNAL); /*@ -> send [until all sent] */
		if (sent == -1) {
			if (ss_retry_interrupted(errno))
				continue;
			ss_set_error("cannot send: %s", strerror(errno));
			return -1;
		}
		next += sent; /* a partial send: go on from where it stopped */
		left -= (size_t)sent;
	}
	return (ssize_t)size;
}
/*@end send-all */
