/* upper-server — the seeds' example: echo in upper case, over TCP or UDP.
 *
 *   upper-server --kind tcp|udp --listen ADDRESS
 *
 * The seeds' Python, in C. Over TCP the request is the connection:
 *     data = self.request.recv(1024); if not data: break
 *     self.request.send(data.upper())
 * Over UDP the request is the pair (data, server socket):
 *     data = self.request[0]
 *     self.request[1].sendto(data.upper(), self.client_address)
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "program.h"
#include "tcp_server.h"

static const char usage[] = "usage: upper-server --kind tcp|udp --listen ADDRESS\n";

static void
to_upper(char *bytes, size_t size)
{
	for (size_t i = 0; i < size; i++)
		bytes[i] = (char)toupper((unsigned char)bytes[i]);
}

/*@region upper-handlers */
static int
upper_stream_handle(ss_handler *self)
{
	SS_TRACE("UpperTCPHandler", "handle");
	char data[1024];

	for (;;) { /* the conversation loop */
		ssize_t received = ss_recv(self->request->fd, data, sizeof data);
		if (received == 0 || (received == -1 && ss_stop_requested()))
			return 0;
		to_upper(data, (size_t)(received > 0 ? received : 0));
		if (received == -1 || ss_send_all(self->request->fd, data, (size_t)received) == -1)
			return -1;
	}
}

static int
upper_datagram_handle(ss_handler *self)
{
	SS_TRACE("UpperUDPHandler", "handle");
	ss_request *request = self->request; /* (packet, server socket) */
	const ss_address *to = &self->client_address;

	to_upper(request->packet, request->packet_size);
	if (sendto(request->fd, request->packet, request->packet_size, MSG_NOSIGNAL,
	           (const struct sockaddr *)&to->storage, to->length) == -1) {
		ss_set_error("cannot answer: %s", strerror(errno));
		return -1;
	}
	return 0;
}
/*@end upper-handlers */

static const ss_handler_class upper_stream = {
	.name = "UpperTCPHandler", .base = &ss_base_request_handler, .handle = upper_stream_handle};
static const ss_handler_class upper_datagram = {
	.name = "UpperUDPHandler", .base = &ss_base_request_handler, .handle = upper_datagram_handle};

int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{"kind", required_argument, NULL, 'k'},
		{"listen", required_argument, NULL, 'l'},
		{NULL, 0, NULL, 0},
	};
	const char *kind = NULL, *address = NULL;
	int option;

	while ((option = getopt_long(argc, argv, "k:l:", options, NULL)) != -1) {
		if (option == 'k')
			kind = optarg;
		else if (option == 'l')
			address = optarg;
		else
			ss_usage_exit(usage);
	}
	if (kind == NULL || address == NULL || optind != argc ||
	    (strcmp(kind, "tcp") != 0 && strcmp(kind, "udp") != 0))
		ss_usage_exit(usage);
	bool tcp = strcmp(kind, "tcp") == 0;

	ss_stop_on_signals();
	ss_server *server = ss_server_new(tcp ? &ss_tcp_server : &ss_udp_server, address,
	                                  tcp ? &upper_stream : &upper_datagram, NULL);
	if (server == NULL) {
		fprintf(stderr, "upper-server: %s\n", ss_error());
		return SS_EXIT_FAILURE;
	}
	printf("listening on %s\n", server->server_address);
	fflush(stdout);
	int status = SS_EXIT_OK;
	if (ss_serve_forever(server, 0.5) == -1 && errno != EINTR) {
		fprintf(stderr, "upper-server: %s\n", ss_error());
		status = SS_EXIT_FAILURE;
	}
	ss_server_free(server);
	return status;
}
