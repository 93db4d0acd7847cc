/* accept.c — taking the next connection off the listening socket's queue. */
#define _GNU_SOURCE /* accept4: Linux and the BSDs; POSIX since 2024 */
#include "net.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

/* The spare fd for EMFILE. When the process has no fd left, accept() fails
 * with EMFILE but the connection stays queued, so poll() keeps reporting the
 * listening socket readable and a server loop spins at 100% CPU. The way out
 * (libuv and nginx do the same): give back the spare fd, accept the
 * connection into it, close it — the client sees its connection closed
 * rather than hanging — and take the spare again. */
static int reserve_fd = -1;
static pthread_mutex_t reserve_lock = PTHREAD_MUTEX_INITIALIZER;

void
ss_reserve_fd_init(void)
{
	pthread_mutex_lock(&reserve_lock);
	if (reserve_fd == -1)
		reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	pthread_mutex_unlock(&reserve_lock);
}

static void
shed_one_connection(int listen_fd)
{
	pthread_mutex_lock(&reserve_lock);
	if (reserve_fd != -1) {
		close(reserve_fd);
		int victim = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
		if (victim != -1)
			close(victim);
		reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	}
	pthread_mutex_unlock(&reserve_lock);
}

/*@region accept-retry */
int
ss_accept(int listen_fd, ss_address *peer)
{
	ss_address ignored;
	ss_address *from = peer ? peer : &ignored;

	ss_reserve_fd_init();
	for (;;) {
		/* Wait where a stop signal can reach us (stop.h), then accept —
		 * unless this thread's last wait (serve_forever's selector) has
		 * just found the listener readable, and no stop came since. A
		 * non-blocking listener is not waited for: it answers EAGAIN.
		 * (Should another process take the connection first, a blocking
		 * accept sleeps — after ss_wait_fd as well, and after Python's
		 * select: the race of select-then-accept.) */
		bool ready = ss_stop_wait_found_readable(listen_fd) && !ss_stop_requested();
		if (!ready && !ss_is_nonblocking(listen_fd)) {
			if (ss_wait_fd(listen_fd, POLLIN, -1) == -1)
				return -1;
			(void)ss_stop_wait_found_readable(listen_fd); /* spent on this accept */
		}
		memset(from, 0, sizeof *from);
		from->length = sizeof from->storage;
		/* SOCK_CLOEXEC: the new socket does not inherit close-on-exec from
		 * the listening one; accept4 sets it atomically, so a fork+exec in
		 * another thread (chapter 5) finds no moment where it is missing. */
		int fd = accept4(listen_fd, (struct sockaddr *)&from->storage, &from->length, SOCK_CLOEXEC);
		if (fd != -1) {
			/* A client usually sends its request right behind its handshake:
			 * the hint lets this thread's first ss_recv try for it without a
			 * stop window (stop.h; wrong, it costs one recv saying EAGAIN). */
			ss_stop_wait_note_readable(fd);
			return fd;
		}
		if (ss_retry_interrupted(errno)) /* a signal arrived: try again */
			continue;
		if (errno == ECONNABORTED) /* the client gave up while queued: next one */
			continue;
		if (errno == EMFILE || errno == ENFILE) {
			int saved_errno = errno;
			shed_one_connection(listen_fd); /*@ -> shed_one_connection [EMFILE] */
			ss_set_error("out of file descriptors: a connection was closed unserved");
			errno = saved_errno;
			return -1;
		}
		ss_set_error("cannot accept: %s", strerror(errno));
		return -1;
	}
}
/*@end accept-retry */
