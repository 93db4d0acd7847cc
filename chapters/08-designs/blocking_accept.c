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
