/* blocking_accept.c — the accept the workers of chapter 8 block in: no
 * ppoll before it (see designs.h, ss_blocking_accept); the stop that wakes
 * it (ss_stop_listening), and the listening again after a stop
 * (ss_listen_again). */
#define _GNU_SOURCE /* accept4, dup3 */
#include "designs.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

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

/*@region stop-listening */
/* shutdown(SHUT_RD) wakes every accept blocked on the listener (EINVAL)
 * and refuses new connections, over TCP and over AF_UNIX alike. TCP also
 * resets the connections still queued; an AF_UNIX listener keeps them
 * (accept returns them first, EINVAL only once the queue is empty), so
 * they are accepted here and closed unserved: the client sees the end of
 * its connection instead of waiting for a worker that, at a stop, should
 * not take it. Over TCP this loop finds nothing. The loop ends: nothing
 * new can join the queue. */
int
ss_stop_listening(int listener)
{
	if (shutdown(listener, SHUT_RD) == -1)
		return -1;
	for (;;) {
		int queued = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
		if (queued == -1 && (errno == EINTR || errno == ECONNABORTED))
			continue;
		if (queued == -1)
			break; /* EINVAL: the queue is empty */
		close(queued);
	}
	return 0;
}
/*@end stop-listening */

/* An AF_UNIX listener shut down stays shut for good (Linux keeps its
 * RCV_SHUTDOWN; no call clears it): listen succeeds again, yet every
 * connect is refused and accept fails with EINVAL. So a new socket takes
 * its place: the server's own socket file, which server_close leaves as
 * Python's does, is unlinked, the new socket bound to the path and
 * listening, then moved onto the old descriptor with dup3 — fileno stays
 * the same, and the old socket is closed by the move. */
static int
listen_on_a_new_unix_socket(ss_server *server)
{
	ss_socket_server *socket_server = ss_socket_server_of(server);
	const struct sockaddr_un *path = (const struct sockaddr_un *)&socket_server->address.storage;
	int fresh = ss_socket_open(AF_UNIX, SOCK_STREAM);

	if (fresh == -1)
		return -1;
	if (unlink(path->sun_path) == -1 && errno != ENOENT) {
		int error = errno;
		ss_set_error("cannot remove %s to listen there again: %s", path->sun_path,
		             strerror(error));
		close(fresh);
		errno = error;
		return -1;
	}
	if (ss_socket_bind(fresh, &socket_server->address) == -1 ||
	    ss_socket_listen(fresh, socket_server->attributes.request_queue_size) == -1) {
		int error = errno;
		close(fresh);
		errno = error;
		return -1;
	}
	if (dup3(fresh, socket_server->socket, O_CLOEXEC) == -1) {
		int error = errno;
		ss_set_error("cannot listen on %s again: %s", server->server_address, strerror(error));
		close(fresh);
		errno = error;
		return -1;
	}
	close(fresh);
	return 0;
}

/* A TCP listener shut down with SHUT_RD is back in the CLOSE state: listen
 * works again, but if its port was picked by the kernel (port 0) the
 * shutdown also gave the port back (getsockname still shows it) — so it is
 * bound again to the port the server had, with SO_REUSEADDR for the moment:
 * the connections it served linger in TIME_WAIT on that port. A port the
 * program chose stays bound: that bind fails with EINVAL, and is not needed.
 * An AF_UNIX listener gets a new socket instead (above). */
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
	if (ss_address_family(&socket_server->address) == AF_UNIX)
		return listen_on_a_new_unix_socket(server); /*@ -> listen_on_a_new_unix_socket [AF_UNIX] */
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
	return ss_socket_listen(fd, socket_server->attributes.request_queue_size);
}
