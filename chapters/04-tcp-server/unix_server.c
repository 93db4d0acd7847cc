/* unix_server.c — UnixStreamServer and UnixDatagramServer: TCPServer and
 * UDPServer with AF_UNIX. They override no method: only the address family,
 * which makes TCPServer's init read the address as a filesystem path.
 *
 * As in Python, server_close does not remove the path: the socket file
 * stays behind, and binding it again fails with EADDRINUSE until someone
 * unlinks it. */
#include "tcp_server.h"

#include <errno.h>
#include <string.h>
#include <sys/un.h>

/*@region unix-address */
int
ss_unix_address_parse(const char *path, ss_address *out)
{
	struct sockaddr_un *un = (struct sockaddr_un *)&out->storage;
	size_t length = path ? strlen(path) : 0;

	memset(out, 0, sizeof *out);
	if (length == 0) {
		ss_set_error("bad address '': a Unix socket needs a filesystem path");
		errno = EINVAL;
		return -1;
	}
	if (length >= sizeof un->sun_path) { /* 108 bytes on Linux, with the NUL */
		ss_set_error("socket path too long (%zu bytes, at most %zu): %s", length,
		             sizeof un->sun_path - 1, path);
		errno = ENAMETOOLONG;
		return -1;
	}
	un->sun_family = AF_UNIX;
	memcpy(un->sun_path, path, length + 1);
	out->length = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + length + 1);
	return 0;
}
/*@end unix-address */

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
