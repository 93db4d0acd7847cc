/* Exercise 1: a datagram server's request is (packet, server socket).
 *
 * Test it:  make exercises
 * or alone: make build/normal/exercises/04-tcp-server/1-udp-get-request.learner &&
 *           build/normal/exercises/04-tcp-server/1-udp-get-request.learner
 */
#include "1-udp-get-request.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* TODO: receive one datagram and make it the request, as Python's
 *
 *     def get_request(self):
 *         data, client_addr = self.socket.recvfrom(self.max_packet_size)
 *         return (data, self.socket), client_addr
 *
 * In C, fill in:
 *   - request->packet: a buffer you malloc, max_packet_size bytes
 *     (ss_socket_server_of(self)->attributes.max_packet_size), holding what
 *     recvfrom received; UDPServer's close_request frees it afterwards;
 *   - request->packet_size: how many bytes of it are the datagram;
 *   - request->fd: the server's own socket (ss_socket_server_of(self)->socket),
 *     so the handler can sendto() its answer on it;
 *   - *client_address: where the datagram came from (recvfrom's last two
 *     arguments: &client_address->storage and &client_address->length, which
 *     must hold sizeof client_address->storage before the call).
 * Return 0, or -1 with errno set if recvfrom failed — freeing the buffer.
 * A datagram longer than max_packet_size is cut to max_packet_size bytes.
 */
static int
my_udp_get_request(ss_server *self, ss_request *request, ss_address *client_address)
{
	(void)self, (void)request, (void)client_address;
	errno = ENOSYS;
	return -1;
}

const ss_server_class my_udp_server = {
	.name = "MyUDPServer",
	.base = &ss_udp_server,
	.get_request = my_udp_get_request,
};
