/* echo-server — chapter 4's server: the echo, on any of the four classes.
 *
 *   echo-server --kind tcp|udp|unix-stream|unix-dgram --listen ADDRESS
 *
 * Stream kinds echo a connection's bytes back until the client closes;
 * datagram kinds send each packet back to its sender. One request at a
 * time: these are the synchronous servers (chapter 5 adds threads and
 * processes). SS_TRACE=1 shows every call from serve_forever to handle.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "program.h"
#include "tcp_server.h"

/*@diagram 04-tcp-echo root=base_serve_forever server=TCPServer handler=EchoHandler "Chapter 4: TCPServer, serve_forever to handle" */
/*@diagram 04-udp-echo root=base_serve_forever server=UDPServer handler=DatagramEchoHandler "Chapter 4: UDPServer, serve_forever to handle" */

static const char usage[] =
	"usage: echo-server --kind tcp|udp|unix-stream|unix-dgram --listen ADDRESS\n"
	"  ADDRESS  host:port, [v6addr]:port or :port (port 0: any free port);\n"
	"           a filesystem path for the unix kinds\n";

/*@region echo-handle */
/* A connection: echo until the client closes (0), or fails (-1). */
static int
echo_handle(ss_handler *self)
{
	SS_TRACE("EchoHandler", "handle");
	int connection = self->request->fd;
	char buffer[4096];

	for (;;) {
		ssize_t received = ss_recv(connection, buffer, sizeof buffer);
		if (received == 0 || (received == -1 && ss_stop_requested()))
			return 0; /* the client closed, or SIGINT/SIGTERM: stop quietly */
		if (received == -1 || ss_send_all(connection, buffer, (size_t)received) == -1)
			return -1;
	}
}

/* A datagram: the request is (packet, the server's socket); answer on it. */
static int
datagram_echo_handle(ss_handler *self)
{
	SS_TRACE("DatagramEchoHandler", "handle");
	const ss_request *request = self->request;
	const ss_address *to = &self->client_address;

	if (sendto(request->fd, request->packet, request->packet_size, MSG_NOSIGNAL,
	           (const struct sockaddr *)&to->storage, to->length) == -1) {
		char text[SS_ADDRESS_TEXT_MAX];
		ss_set_error("cannot answer '%s': %s", ss_address_format(to, text, sizeof text),
		             strerror(errno));
		return -1;
	}
	return 0;
}
/*@end echo-handle */

static const ss_handler_class echo_handler = {
	.name = "EchoHandler",
	.base = &ss_base_request_handler,
	.handle = echo_handle,
};

static const ss_handler_class datagram_echo_handler = {
	.name = "DatagramEchoHandler",
	.base = &ss_base_request_handler,
	.handle = datagram_echo_handle,
};

static const struct kind {
	const char *name;
	const ss_server_class *server_class;
	const ss_handler_class *handler_class;
} kinds[] = {
	{"tcp", &ss_tcp_server, &echo_handler},
	{"udp", &ss_udp_server, &datagram_echo_handler},
	{"unix-stream", &ss_unix_stream_server, &echo_handler},
	{"unix-dgram", &ss_unix_datagram_server, &datagram_echo_handler},
};

static const struct kind *
parse_arguments(int argc, char **argv, const char **listen_address)
{
	static const struct option options[] = {
		{"kind", required_argument, NULL, 'k'},
		{"listen", required_argument, NULL, 'l'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *kind_name = NULL;
	int option;

	*listen_address = NULL;
	while ((option = getopt_long(argc, argv, "k:l:h", options, NULL)) != -1) {
		if (option == 'k')
			kind_name = optarg;
		else if (option == 'l')
			*listen_address = optarg;
		else if (option == 'h')
			ss_help_exit(usage);
		else
			ss_usage_exit(usage);
	}
	if (kind_name == NULL || *listen_address == NULL || optind != argc)
		ss_usage_exit(usage);
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].name, kind_name) == 0)
			return &kinds[i];
	fprintf(stderr, "echo-server: unknown kind '%s'\n", kind_name);
	ss_usage_exit(usage);
}

/*@region echo-server-main */
int
main(int argc, char **argv)
{
	const char *listen_address;
	const struct kind *kind = parse_arguments(argc, argv, &listen_address);
	ss_server *server;
	int status = SS_EXIT_OK;

	ss_stop_on_signals();
	server = ss_server_new(kind->server_class, listen_address, kind->handler_class, NULL);
	if (server == NULL) {
		fprintf(stderr, "echo-server: %s\n", ss_error());
		return SS_EXIT_FAILURE;
	}
	printf("listening on %s\n", server->server_address);
	fflush(stdout);

	/* Until SIGINT/SIGTERM: then serve_forever returns -1 with EINTR. */
	if (ss_serve_forever(server, 0.5) == -1 && errno != EINTR) {
		fprintf(stderr, "echo-server: %s\n", ss_error());
		status = SS_EXIT_FAILURE;
	}
	ss_server_free(server);
	return status;
}
/*@end echo-server-main */
