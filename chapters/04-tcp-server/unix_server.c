/* unix_server.c — UnixStreamServer and UnixDatagramServer: TCPServer and
 * UDPServer with AF_UNIX. They override no method: only the address family,
 * which makes TCPServer's init read the address as a filesystem path.
 *
 * As in Python, server_close does not remove the path: the socket file
 * stays behind, and binding it again fails with EADDRINUSE until someone
 * unlinks it. The path becomes an address in chapter 1's
 * ss_unix_address_parse (address.c), which the clients use too. */
#include "tcp_server.h"

#include <sys/socket.h>

static const ss_tcp_attributes unix_stream_defaults = {
	.address_family = AF_UNIX,
	.socket_type = SOCK_STREAM,
	.request_queue_size = 5,
	.allow_reuse_address = false,
	.allow_reuse_port = false,
	.max_packet_size = 8192,
};

static const ss_tcp_attributes unix_datagram_defaults = {
	.address_family = AF_UNIX,
	.socket_type = SOCK_DGRAM,
	.request_queue_size = 5,
	.allow_reuse_address = false,
	.allow_reuse_port = false,
	.max_packet_size = 8192,
};

/*@region unix-server-classes */
const ss_server_class ss_unix_stream_server = {
	.name = "UnixStreamServer",
	.base = &ss_tcp_server,
	.attributes = &unix_stream_defaults,
};

const ss_server_class ss_unix_datagram_server = {
	.name = "UnixDatagramServer",
	.base = &ss_udp_server,
	.attributes = &unix_datagram_defaults,
};
/*@end unix-server-classes */
