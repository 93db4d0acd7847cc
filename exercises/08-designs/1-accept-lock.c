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

/* TODO: lock (F_SETLKW on the whole file, retrying EINTR), then
 * super.get_request (PreforkMixIn's blocking accept), then unlock — and
 * return what super.get_request returned, with its errno. */
static int
locked_get_request(ss_server *self, ss_request *request, ss_address *client_address)
{
	(void)self, (void)request, (void)client_address;
	errno = ENOSYS;
	return -1;
}

const ss_server_class locked_prefork_tcp_server = {
	.name = "LockedPreforkTCPServer",
	.base = &ss_prefork_tcp_server,
	.instance_size = sizeof(locked_server),
	.init = locked_init,
	.server_close = locked_server_close,
	.get_request = locked_get_request,
};
