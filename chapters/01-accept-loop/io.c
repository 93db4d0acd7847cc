/* io.c — receiving, and sending everything: the conversation's two verbs. */
#include "net.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>

/* ss_send_all never blocks inside the kernel (MSG_DONTWAIT): when it would,
 * it waits in ss_wait_fd, where a stop signal can reach it. ss_recv blocks
 * in recv itself, inside a stop window (stop.h), which is cheaper. */
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

/*@region recv */
ssize_t
ss_recv(int fd, void *buffer, size_t size)
{
	/* The caller has just waited for fd itself (ss_wait_fd): take the bytes
	 * without a window. EAGAIN after all (someone else read them): the window. */
	if (ss_stop_wait_found_readable(fd)) {
		ssize_t received = recv(fd, buffer, size, MSG_DONTWAIT);
		if (received >= 0)
			return received;
		if (!would_block(errno) && errno != EINTR) { /* a reset is reported once: now */
			ss_set_error("cannot receive: %s", strerror(errno));
			return -1;
		}
	}
	for (;;) {
		ss_stop_window window;
		/* After a stop request: only what is there already, never a wait. */
		int flags = ss_stop_window_open(&window, fd) ? 0 : MSG_DONTWAIT;
		/* Blocks on a blocking fd; a non-blocking one answers EAGAIN itself,
		 * so its mode need not be asked (no fcntl). */
		ssize_t received = recv(fd, buffer, size, flags);
		int error = errno;
		bool shut = ss_stop_window_close(&window);
		if (received > 0 || (received == 0 && !shut))
			return received; /* data, or the peer closed */
		if (ss_stop_requested() && (received == 0 || error == EINTR || would_block(error))) {
			ss_set_error("interrupted: a stop was requested");
			errno = EINTR;
			return -1;
		}
		if (ss_retry_interrupted(error)) /* EINTR, no stop requested */
			continue;
		ss_set_error("cannot receive: %s", strerror(error));
		errno = error;
		return -1;
	}
}
/*@end recv */

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
