/* stream_handler.c — StreamRequestHandler: handle() gets rfile and wfile
 * over the connection. Python's class, member by member
 * (Lib/socketserver.py, class StreamRequestHandler). */
#include "request_handlers.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>

/*@region stream-defaults */
const ss_stream_handler_attributes ss_stream_handler_defaults = {
	.rbufsize = -1,           /* buffered: readline would be one recv a byte otherwise */
	.wbufsize = 0,            /* unbuffered: each write goes out whole, no flush needed */
	.timeout = SS_NO_TIMEOUT, /* None */
	.disable_nagle_algorithm = false,
	.max_line = SS_DEFAULT_MAX_LINE,
};
/*@end stream-defaults */

/* TCP_NODELAY, on TCP. An AF_UNIX socket has no Nagle algorithm to disable,
 * so there it does nothing; Python's setup fails there with EOPNOTSUPP, which
 * makes the attribute a trap for anyone who moves a handler to
 * UnixStreamServer. */
static int
disable_nagle(int fd)
{
	struct sockaddr_storage local;
	socklen_t length = sizeof local;
	int on = 1;

	if (getsockname(fd, (struct sockaddr *)&local, &length) == -1) {
		ss_set_error("cannot disable Nagle's algorithm: %s", strerror(errno));
		return -1;
	}
	if (local.ss_family != AF_INET && local.ss_family != AF_INET6)
		return 0;
	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on) == -1) {
		ss_set_error("cannot set TCP_NODELAY: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/*@region stream-setup */
static int
stream_setup(ss_handler *self)
{
	SS_TRACE("StreamRequestHandler", "setup");
	ss_stream_handler *h = ss_stream_handler_of(self);
	const ss_stream_handler_attributes *a = &h->attributes;

	h->attributes = *(const ss_stream_handler_attributes *)self->cls->attributes;
	h->connection = self->request->fd; /* self.connection = self.request */
	if (a->disable_nagle_algorithm && disable_nagle(h->connection) == -1)
		return -1;
	size_t rbufsize = a->rbufsize < 0 ? SS_DEFAULT_BUFFER_SIZE : a->rbufsize == 0 ? 1 : (size_t)a->rbufsize;
	if (ss_rfile_open(&h->rfile, h->connection, rbufsize, a->timeout) == -1)
		return -1;
	h->rfile.max_line = a->max_line;
	size_t wbufsize = a->wbufsize < 0 ? SS_DEFAULT_BUFFER_SIZE : (size_t)a->wbufsize;
	if (ss_wfile_open(&h->wfile, h->connection, wbufsize, a->timeout) == -1) {
		ss_rfile_close(&h->rfile); /* no finish after a failed setup: clean up here */
		return -1;
	}
	return 0;
}
/*@end stream-setup */

/*@region stream-finish */
/* Python flushes, ignoring a socket error, then closes both files. We do not
 * ignore it: a reply that never left is worth a line in handle_error (with
 * wbufsize 0, the default, there is nothing to flush). If handle failed
 * too, ss_handler_run names handle's failure first. The connection itself
 * is the server's: shutdown_request closes it. */
static int
stream_finish(ss_handler *self)
{
	SS_TRACE("StreamRequestHandler", "finish");
	ss_stream_handler *h = ss_stream_handler_of(self);
	int status = 0;

	if (!h->wfile.closed && ss_wfile_flush(&h->wfile) == -1)
		status = -1;
	ss_wfile_close(&h->wfile);
	ss_rfile_close(&h->rfile);
	return status;
}
/*@end stream-finish */

/*@region stream-class */
const ss_handler_class ss_stream_request_handler = {
	.name = "StreamRequestHandler",
	.base = &ss_base_request_handler,
	.instance_size = sizeof(ss_stream_handler),
	.attributes = &ss_stream_handler_defaults,
	.setup = stream_setup,
	.finish = stream_finish,
};
/*@end stream-class */
