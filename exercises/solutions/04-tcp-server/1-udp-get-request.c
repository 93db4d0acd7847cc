/* Exercise 1, a solution: malloc, recvfrom, and the request is the pair
 * (packet, server socket). */
#include "1-udp-get-request.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static int
my_udp_get_request(ss_server *self, ss_request *request, ss_address *client_address)
{
	ss_socket_server *server = ss_socket_server_of(self);
	size_t size = server->attributes.max_packet_size;
	char *packet = malloc(size);
	ssize_t received;

	if (packet == NULL)
		return -1;
	do {
		client_address->length = sizeof client_address->storage;
		received = recvfrom(server->socket, packet, size, MSG_TRUNC,
		                    (struct sockaddr *)&client_address->storage, &client_address->length);
	} while (received == -1 && errno == EINTR);
	if (received == -1) {
		int saved_errno = errno;
		free(packet);
		errno = saved_errno;
		return -1;
	}
	request->packet = packet;
	request->packet_size = (size_t)received < size ? (size_t)received : size;
	request->fd = server->socket;
	return 0;
}

const ss_server_class my_udp_server = {
	.name = "MyUDPServer",
	.base = &ss_udp_server,
	.get_request = my_udp_get_request,
};
