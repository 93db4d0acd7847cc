/* io.c — receiving, and sending everything: the conversation's two verbs. */
#include "net.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>

/* The calls below never block inside the kernel (MSG_DONTWAIT): when they
 * would, they wait in ss_wait_fd, where a stop signal can reach them. */
static bool
would_block(int error)
{
	return error == EAGAIN || error == EWOULDBLOCK;
}

bool
ss_is_nonblocking(int fd)
{
	int flags = fcntl(fd, F_GETFL);
	return flags != -1 && (flags & O_NONBLOCK);
}

ssize_t
ss_recv(int fd, void *buffer, size_t size)
{
	for (;;) {
		ssize_t received = recv(fd, buffer, size, MSG_DONTWAIT);
		if (received >= 0)
			return received;
		if (would_block(errno) && !ss_is_nonblocking(fd)) {
			if (ss_wait_fd(fd, POLLIN, -1) == -1) /*@ -> ss_wait_fd [nothing yet] */
				return -1;
			continue;
		}
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
		ssize_t sent = send(fd, next, left, MSG_NOSIGNAL | MSG_DONTWAIT); /*@ -> send [until all sent] */
		if (sent == -1) {
			if (ss_retry_interrupted(errno))
				continue;
			if (would_block(errno)) { /* the peer reads slowly: wait for room */
				if (ss_wait_fd(fd, POLLOUT, -1) == -1) /*@ -> ss_wait_fd [no room yet] */
					return -1;
				continue;
			}
			ss_set_error("cannot send: %s", strerror(errno));
			return -1;
		}
		next += sent; /* a partial send: go on from where it stopped */
		left -= (size_t)sent;
	}
	return (ssize_t)size;
}
/*@end send-all */
