/* Exercise 1: an accept lock around the preforked children's accept.
 *
 * Test it:  make exercises
 * or alone: make build/normal/exercises/08-designs/1-accept-lock.learner &&
 *           build/normal/exercises/08-designs/1-accept-lock.learner
 */
#include "1-accept-lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Given: __init__ opens the lock file (made and unlinked at once: only the
 * fd remains, which every child inherits), then PreforkTCPServer's init. */
static int
locked_init(ss_server *self, const char *server_address, bool bind_and_activate)
{
	locked_server *locked = (locked_server *)self;
	char path[] = "/tmp/accept-lock-XXXXXX";
	ss_server_class super;

	locked->lock_fd = mkstemp(path);
	if (locked->lock_fd == -1) {
		ss_set_error("cannot make the lock file: %s", strerror(errno));
		return -1;
	}
	unlink(path);
	fcntl(locked->lock_fd, F_SETFD, FD_CLOEXEC);
	ss_server_super(self, &locked_prefork_tcp_server, &super);
	return super.init(self, server_address, bind_and_activate);
}

/* Given: PreforkTCPServer's server_close, then the lock file's. */
static void
locked_server_close(ss_server *self)
{
	locked_server *locked = (locked_server *)self;
	ss_server_class super;

	ss_server_super(self, &locked_prefork_tcp_server, &super);
	super.server_close(self);
	if (locked->lock_fd != -1)
		close(locked->lock_fd);
	locked->lock_fd = -1;
}

/* The mistake: the lock is released only when the request is done
 * (shutdown_request) — the lock covers the whole request, not accept. */
static int
locked_get_request(ss_server *self, ss_request *request, ss_address *client_address)
{
	locked_server *locked = (locked_server *)self;
	struct flock lock = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
	ss_server_class super;

	while (fcntl(locked->lock_fd, F_SETLKW, &lock) == -1 && errno == EINTR)
		continue;
	ss_server_super(self, &locked_prefork_tcp_server, &super);
	return super.get_request(self, request, client_address);
}

static void
locked_shutdown_request(ss_server *self, ss_request *request)
{
	locked_server *locked = (locked_server *)self;
	struct flock lock = {.l_type = F_UNLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
	ss_server_class super;

	ss_server_super(self, &locked_prefork_tcp_server, &super);
	super.shutdown_request(self, request);
	fcntl(locked->lock_fd, F_SETLK, &lock);
}

const ss_server_class locked_prefork_tcp_server = {
	.name = "LockedPreforkTCPServer",
	.base = &ss_prefork_tcp_server,
	.instance_size = sizeof(locked_server),
	.init = locked_init,
	.server_close = locked_server_close,
	.get_request = locked_get_request,
	.shutdown_request = locked_shutdown_request,
};
