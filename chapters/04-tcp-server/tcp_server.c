/* tcp_server.c — TCPServer: BaseServer with a socket. Python's class
 * TCPServer (Lib/socketserver.py), method by method. */
#include "tcp_server.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

const ss_tcp_attributes ss_tcp_defaults = {
	.address_family = AF_INET,
	.socket_type = SOCK_STREAM,
	.request_queue_size = 5,
	.allow_reuse_address = false,
	.allow_reuse_port = false,
	.max_packet_size = 8192, /* unused by stream servers */
};

/* The attribute defaults of the instance's class: the .attributes of the
 * first class along its chain of bases, up to TCPServer, that gives them.
 * Only bases: a mix-in in front (chapter 5) has attributes of its own, of
 * another type. */
static const ss_tcp_attributes *
class_attributes(const ss_server_class *cls)
{
	for (; cls != NULL && cls != &ss_tcp_server; cls = cls->base)
		if (cls->attributes != NULL)
			return cls->attributes;
	return &ss_tcp_defaults;
}

/* The address text as the class's family reads it: a path for AF_UNIX,
 * host:port otherwise (whose family, v4 or v6, then becomes the server's). */
static int
parse_server_address(ss_socket_server *server, const char *text)
{
	if (server->attributes.address_family == AF_UNIX)
		return ss_unix_address_parse(text, &server->address); /*@ -> ss_unix_address_parse [AF_UNIX] */
	if (ss_address_parse(text, &server->address) == -1)
		return -1;
	server->attributes.address_family = ss_address_family(&server->address);
	return 0;
}

/*@region tcp-init */
/* Python's TCPServer.__init__(server_address, RequestHandlerClass,
 * bind_and_activate=True): BaseServer's init, the socket, and — unless told
 * not to — bind and listen. If either fails, server_close() releases the
 * socket before the error goes up (CPython issue #22435: no fd leak). */
static int
tcp_init(ss_server *self, const char *server_address, bool bind_and_activate)
{
	SS_TRACE("TCPServer", "__init__");
	ss_socket_server *server = ss_socket_server_of(self);
	ss_server_class super;

	server->socket = -1;
	server->attributes = *class_attributes(self->type);
	ss_server_super(self, &ss_tcp_server, &super);
	if (super.init(self, server_address, bind_and_activate) == -1) /*@ -> super.init */
		return -1;
	ss_reserve_fd_init(); /* ss_accept's spare fd, taken now rather than mid-serving */
	if (parse_server_address(server, server_address) == -1)
		return -1;
	server->socket = ss_socket_open(server->attributes.address_family,
	                                server->attributes.socket_type);
	if (server->socket == -1)
		return -1;
	if (bind_and_activate) {
		if (self->cls->server_bind(self) == -1 ||     /*@ -> self.server_bind */
		    self->cls->server_activate(self) == -1) { /*@ -> self.server_activate */
			int saved_errno = errno;
			self->cls->server_close(self); /*@ -> self.server_close [if either failed] */
			errno = saved_errno;
			return -1;
		}
	}
	return 0;
}
/*@end tcp-init */

/*@region server-bind */
static int
tcp_server_bind(ss_server *self)
{
	SS_TRACE("TCPServer", "server_bind");
	ss_socket_server *server = ss_socket_server_of(self);
	int family = ss_address_family(&server->address);

	if (server->attributes.allow_reuse_address &&
	    ss_socket_reuse_address(server->socket, true) == -1) /*@ -> ss_socket_reuse_address [if allow_reuse_address] */
		return -1;
	/* SO_REUSEPORT only for inet sockets: Linux >= 6.12.9 refuses it on
	 * AF_UNIX, and newer CPython sets it only for AF_INET/AF_INET6. */
	if (server->attributes.allow_reuse_port && (family == AF_INET || family == AF_INET6) &&
	    ss_socket_reuse_port(server->socket, true) == -1) /*@ -> ss_socket_reuse_port [if allow_reuse_port] */
		return -1;
	if (ss_socket_bind(server->socket, &server->address) == -1)
		return -1;
	/* Python: self.server_address = self.socket.getsockname() */
	if (ss_socket_local_address(server->socket, &server->address) == -1)
		return -1;
	ss_address_format(&server->address, self->server_address, sizeof self->server_address);
	return 0;
}
/*@end server-bind */

int
ss_server_bind(ss_server *server)
{
	return server->cls->server_bind(server); /*@ -> self.server_bind */
}

static int
tcp_server_activate(ss_server *self)
{
	SS_TRACE("TCPServer", "server_activate");
	ss_socket_server *server = ss_socket_server_of(self);

	return ss_socket_listen(server->socket, server->attributes.request_queue_size);
}

int
ss_server_activate(ss_server *server)
{
	return server->cls->server_activate(server); /*@ -> self.server_activate */
}

/* Python closes the socket; closing twice is harmless there, and here. */
static void
tcp_server_close(ss_server *self)
{
	SS_TRACE("TCPServer", "server_close");
	ss_socket_server *server = ss_socket_server_of(self);

	if (server->socket != -1) {
		close(server->socket);
		server->socket = -1;
	}
}

static int
tcp_fileno(ss_server *self)
{
	SS_TRACE("TCPServer", "fileno");
	ss_socket_server *server = ss_socket_server_of(self);

	if (server->socket == -1) {
		ss_set_error("%s is closed: no fileno", self->type->name);
		errno = EBADF;
	}
	return server->socket;
}

static int
tcp_get_request(ss_server *self, ss_request *request, ss_address *client_address)
{
	SS_TRACE("TCPServer", "get_request");
	ss_socket_server *server = ss_socket_server_of(self);

	request->fd = ss_accept(server->socket, client_address);
	return request->fd == -1 ? -1 : 0;
}

/*@region tcp-shutdown-request */
/* Send our FIN now — the client sees the end of the reply even if another
 * copy of the fd lives on (a forked child, chapter 5) — then close. Errors
 * (ENOTCONN: the client has gone) are ignored, as Python ignores them. */
static void
tcp_shutdown_request(ss_server *self, ss_request *request)
{
	SS_TRACE("TCPServer", "shutdown_request");
	if (request->fd != -1)
		shutdown(request->fd, SHUT_WR);
	self->cls->close_request(self, request); /*@ -> self.close_request */
}
/*@end tcp-shutdown-request */

static void
tcp_close_request(ss_server *self, ss_request *request)
{
	SS_TRACE("TCPServer", "close_request");
	(void)self;
	if (request->fd != -1) {
		close(request->fd);
		request->fd = -1;
	}
}

/*@region tcp-server-class */
const ss_server_class ss_tcp_server = {
	.name = "TCPServer",
	.base = &ss_base_server,
	.instance_size = sizeof(ss_socket_server),
	.attributes = &ss_tcp_defaults,
	.init = tcp_init,
	.server_bind = tcp_server_bind,
	.server_activate = tcp_server_activate,
	.server_close = tcp_server_close,
	.fileno = tcp_fileno,
	.get_request = tcp_get_request,
	.shutdown_request = tcp_shutdown_request,
	.close_request = tcp_close_request,
};
/*@end tcp-server-class */
