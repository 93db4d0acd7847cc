/* blocking_accept.c — the accept the workers of chapter 8 block in: no
 * ppoll before it (see designs.h, ss_blocking_accept). */
#define _GNU_SOURCE /* accept4 */
#include "designs.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

/*@region blocking-accept */
int
ss_blocking_accept(int listen_fd, ss_address *peer)
{
	ss_address ignored;
	ss_address *from = peer ? peer : &ignored;
	long backoff_ms = 0; /* out of fds: wait 5 ms, 10, 20 ... at most 1 s */

	for (;;) {
		memset(from, 0, sizeof *from);
		from->length = sizeof from->storage;
		/* Blocking, and alone on the socket's wait queue with the other
		 * workers: the kernel wakes one of them per connection. */
		int fd = accept4(listen_fd, (struct sockaddr *)&from->storage, &from->length,
		                 SOCK_CLOEXEC);
		if (fd != -1)
			return fd;
		if (errno == EINTR || errno == ECONNABORTED)
			continue; /* a signal (ours are blocked here), or a client gone while queued */
		if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
			/* The connection stays queued: retrying at once would spin. */
			backoff_ms = backoff_ms == 0 ? 5 : (backoff_ms >= 500 ? 1000 : 2 * backoff_ms);
			struct timespec pause = {.tv_sec = backoff_ms / 1000,
			                         .tv_nsec = (backoff_ms % 1000) * 1000000L};
			nanosleep(&pause, NULL);
			continue;
		}
		int error = errno; /* EINVAL: the listener was shut down (the stop) */
		ss_set_error("cannot accept: %s", strerror(error));
		errno = error;
		return -1;
	}
}
/*@end blocking-accept */

/* A TCP listener shut down with SHUT_RD is back in the CLOSE state: listen
 * works again, but if its port was picked by the kernel (port 0) the
 * shutdown also gave the port back (getsockname still shows it) — so it is
 * bound again to the port the server had, with SO_REUSEADDR for the moment:
 * the connections it served linger in TIME_WAIT on that port. A port the
 * program chose stays bound: that bind fails with EINVAL, and is not needed. */
int
ss_listen_again(ss_server *server)
{
	ss_socket_server *socket_server = ss_socket_server_of(server);
	int fd = socket_server->socket;

	if (fd == -1) {
		ss_set_error("%s is closed: it cannot listen again", server->type->name);
		errno = EBADF;
		return -1;
	}
	if (ss_address_family(&socket_server->address) != AF_UNIX) {
		ss_socket_reuse_address(fd, true);
		int bound = bind(fd, (const struct sockaddr *)&socket_server->address.storage,
		                 socket_server->address.length);
		int error = errno;
		ss_socket_reuse_address(fd, socket_server->attributes.allow_reuse_address);
		if (bound == -1 && error != EINVAL) {
			ss_set_error("cannot bind %s again: %s", server->server_address, strerror(error));
			errno = error;
			return -1;
		}
	}
	return ss_socket_listen(fd, socket_server->attributes.request_queue_size);
}
