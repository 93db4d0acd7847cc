/* udp_server.c — UDPServer: TCPServer with datagrams. It inherits init,
 * server_bind, server_close and fileno, and changes what a request is. */
#include "tcp_server.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

const ss_tcp_attributes ss_udp_defaults = {
	.address_family = AF_INET,
	.socket_type = SOCK_DGRAM,
	.request_queue_size = 5, /* unused: no listen */
	.allow_reuse_address = false,
	.allow_reuse_port = false,
	.max_packet_size = 8192,
};

/* No listen() for datagrams: the socket receives as soon as it is bound. */
static int
udp_server_activate(ss_server *self)
{
	SS_TRACE("UDPServer", "server_activate");
	(void)self;
	return 0;
}

/*@region udp-get-request */
/* Python: data, client_addr = self.socket.recvfrom(self.max_packet_size);
 * return (data, self.socket), client_addr. The request is that pair: the
 * packet (owned by the request, freed by close_request) and the server's
 * own socket, to answer on. A datagram longer than max_packet_size is cut
 * by the kernel and the rest is lost; MSG_TRUNC makes recvfrom return the
 * real length, so we can say so. */
static int
udp_get_request(ss_server *self, ss_request *request, ss_address *client_address)
{
	SS_TRACE("UDPServer", "get_request");
	ss_socket_server *server = ss_socket_server_of(self);
	size_t size = server->attributes.max_packet_size;
	char *packet = malloc(size > 0 ? size : 1);
	ssize_t received;

	if (packet == NULL) {
		ss_set_error("no memory for a %zu-byte packet", size);
		return -1;
	}
	do {
		memset(client_address, 0, sizeof *client_address);
		client_address->length = sizeof client_address->storage;
		received = recvfrom(server->socket, packet, size, MSG_TRUNC,
		                    (struct sockaddr *)&client_address->storage, &client_address->length);
	} while (received == -1 && ss_retry_interrupted(errno));
	if (received == -1) {
		int saved_errno = errno;
		ss_set_error("cannot receive a datagram: %s", strerror(saved_errno));
		free(packet);
		errno = saved_errno;
		return -1;
	}
	request->fd = server->socket;
	request->packet = packet;
	request->packet_size = (size_t)received < size ? (size_t)received : size; /* truncated */
	return 0;
}
/*@end udp-get-request */

/* No shutdown(): there is no connection, only the shared server socket. */
static void
udp_shutdown_request(ss_server *self, ss_request *request)
{
	SS_TRACE("UDPServer", "shutdown_request");
	self->cls->close_request(self, request); /*@ -> self.close_request */
}

/* Python's close_request does nothing: the socket is the server's, and the
 * packet goes to the garbage collector. C has none: we free the packet —
 * and never close request->fd, the server's own socket. */
static void
udp_close_request(ss_server *self, ss_request *request)
{
	SS_TRACE("UDPServer", "close_request");
	(void)self;
	free(request->packet);
	request->packet = NULL;
	request->packet_size = 0;
}

/*@region udp-server-class */
const ss_server_class ss_udp_server = {
	.name = "UDPServer",
	.base = &ss_tcp_server,
	.attributes = &ss_udp_defaults,
	.server_activate = udp_server_activate,
	.get_request = udp_get_request,
	.shutdown_request = udp_shutdown_request,
	.close_request = udp_close_request,
};
/*@end udp-server-class */
