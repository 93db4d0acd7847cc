/* upper-server — the seeds' example: echo in upper case, over TCP or UDP.
 *
 *   upper-server --kind tcp|udp|unix-stream|unix-dgram --listen ADDRESS
 *
 * The seeds' Python, in C. Over TCP the request is the connection:
 *     data = self.request.recv(1024); if not data: break
 *     self.request.send(data.upper())
 * Over UDP the request is the pair (data, server socket):
 *     data = self.request[0]
 *     self.request[1].sendto(data.upper(), self.client_address)
 * The unix kinds are the same handlers on UnixStreamServer and
 * UnixDatagramServer: only the address (a path) changes.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "program.h"
#include "tcp_server.h"

static const char usage[] =
	"usage: upper-server --kind tcp|udp|unix-stream|unix-dgram --listen ADDRESS\n"
	"  ADDRESS  host:port, [v6addr]:port or :port (port 0: any free port);\n"
	"           a filesystem path for the unix kinds\n";

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

static const struct kind {
	const char *name;
	const ss_server_class *server_class;
	const ss_handler_class *handler_class;
} kinds[] = {
	{"tcp", &ss_tcp_server, &upper_stream},
	{"udp", &ss_udp_server, &upper_datagram},
	{"unix-stream", &ss_unix_stream_server, &upper_stream},
	{"unix-dgram", &ss_unix_datagram_server, &upper_datagram},
};

int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{"kind", required_argument, NULL, 'k'},
		{"listen", required_argument, NULL, 'l'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *kind_name = NULL, *address = NULL;
	const struct kind *kind = NULL;
	int option;

	while ((option = getopt_long(argc, argv, "k:l:h", options, NULL)) != -1) {
		if (option == 'k')
			kind_name = optarg;
		else if (option == 'l')
			address = optarg;
		else if (option == 'h')
			ss_help_exit(usage);
		else
			ss_usage_exit(usage);
	}
	for (size_t i = 0; kind_name != NULL && i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].name, kind_name) == 0)
			kind = &kinds[i];
	if (kind == NULL || address == NULL || optind != argc)
		ss_usage_exit(usage);

	ss_stop_on_signals();
	ss_server *server = ss_server_new(kind->server_class, address, kind->handler_class, NULL);
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
