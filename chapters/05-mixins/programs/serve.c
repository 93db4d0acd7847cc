/* serve — any of the twelve server classes, by its Python name, with
 * chapter 4's echo.
 *
 *   serve --server NAME --listen ADDRESS
 *   serve [--server NAME] --print-mro
 *
 * NAME is TCPServer, UDPServer, UnixStreamServer, UnixDatagramServer, or
 * one of the eight combined classes: ThreadingTCPServer, ForkingUDPServer,
 * ThreadingUnixStreamServer, ... Stream classes echo a connection's bytes
 * until the client closes; datagram classes send each packet back. The
 * Threading classes answer each request on a thread of its own, the Forking
 * ones in a child process; the four plain ones, one at a time.
 *
 * --print-mro prints the class's resolution order — the order in which a
 * method is looked for, built from the class tables' .mixin and .base the
 * way chapter 3's class.c walks them — and exits; without --server, for
 * all twelve classes. SS_TRACE=1 shows every call, on every thread and in
 * every child.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "mixins.h"
#include "program.h"
#include "tcp_server.h"

/* The chapter's call flows: serve_forever to handle across the thread and
 * the fork, with this program's echo handlers. */
/*@diagram 05-threading-tcp root=base_serve_forever server=ThreadingTCPServer handler=EchoHandler "Chapter 5: ThreadingTCPServer, serve_forever to handle, across the thread boundary" */
/*@diagram 05-threading-udp root=base_serve_forever server=ThreadingUDPServer handler=DatagramEchoHandler "Chapter 5: ThreadingUDPServer, serve_forever to handle, across the thread boundary" */
/*@diagram 05-forking-tcp root=base_serve_forever server=ForkingTCPServer handler=EchoHandler "Chapter 5: ForkingTCPServer, serve_forever to handle, across fork" */
/*@diagram 05-forking-udp root=base_serve_forever server=ForkingUDPServer handler=DatagramEchoHandler "Chapter 5: ForkingUDPServer, serve_forever to handle, across fork" */

static const char usage[] =
	"usage: serve --server NAME --listen ADDRESS\n"
	"       serve [--server NAME] --print-mro\n"
	"  NAME     TCPServer, UDPServer, UnixStreamServer, UnixDatagramServer,\n"
	"           Threading... or Forking... of each (ThreadingTCPServer, ...)\n"
	"  ADDRESS  host:port, [v6addr]:port or :port (port 0: any free port);\n"
	"           a filesystem path for the Unix classes\n"
	"  --print-mro  print the resolution order (of every class, without --server)\n";

/* ---- the echo, stream and datagram (chapter 4's, stop-aware) ------------- */

/* A connection: echo until the client closes (0), or fails (-1). It waits in
 * slices of half a second, so a stop (SIGINT/SIGTERM, which any thread may
 * catch) ends it even while the client says nothing. */
static int
echo_handle(ss_handler *self)
{
	SS_TRACE("EchoHandler", "handle");
	int connection = self->request->fd;
	char buffer[4096];

	for (;;) {
		int ready = ss_wait_fd(connection, POLLIN, 500);
		if (ready == -1)
			return ss_stop_requested() ? 0 : -1;
		if (ready == 0)
			continue;
		ssize_t received = ss_recv(connection, buffer, sizeof buffer);
		if (received == 0 || (received == -1 && ss_stop_requested()))
			return 0;
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

/* ---- the twelve classes ---------------------------------------------------- */

static const struct choice {
	const ss_server_class *server_class;
	const ss_handler_class *handler_class;
} choices[] = {
	{&ss_tcp_server, &echo_handler},
	{&ss_udp_server, &datagram_echo_handler},
	{&ss_unix_stream_server, &echo_handler},
	{&ss_unix_datagram_server, &datagram_echo_handler},
	{&ss_threading_tcp_server, &echo_handler},
	{&ss_threading_udp_server, &datagram_echo_handler},
	{&ss_threading_unix_stream_server, &echo_handler},
	{&ss_threading_unix_datagram_server, &datagram_echo_handler},
	{&ss_forking_tcp_server, &echo_handler},
	{&ss_forking_udp_server, &datagram_echo_handler},
	{&ss_forking_unix_stream_server, &echo_handler},
	{&ss_forking_unix_datagram_server, &datagram_echo_handler},
};
enum { CHOICES = sizeof choices / sizeof choices[0] };

/*@region print-mro */
/* Python's Class.__mro__, without object: the class, then its mix-in's
 * order, then its base's — the walk of class.c's walk_resolution_order. */
static void
print_resolution_order(const ss_server_class *cls, const char **separator)
{
	for (; cls != NULL; cls = cls->base) {
		printf("%s%s", *separator, cls->name);
		*separator = " -> ";
		if (cls->mixin != NULL)
			print_resolution_order(cls->mixin, separator);
	}
}
/*@end print-mro */

static void
print_mro_line(const ss_server_class *cls)
{
	const char *separator = "";

	print_resolution_order(cls, &separator);
	putchar('\n');
}

static const struct choice *
find_choice(const char *name)
{
	for (size_t i = 0; i < CHOICES; i++)
		if (strcmp(choices[i].server_class->name, name) == 0)
			return &choices[i];
	fprintf(stderr, "serve: unknown server class '%s'\n", name);
	ss_usage_exit(usage);
}

int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{"server", required_argument, NULL, 's'},
		{"listen", required_argument, NULL, 'l'},
		{"print-mro", no_argument, NULL, 'm'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *class_name = NULL, *listen_address = NULL;
	bool print_mro = false;
	int option, status = SS_EXIT_OK;

	while ((option = getopt_long(argc, argv, "s:l:mh", options, NULL)) != -1) {
		if (option == 's') {
			class_name = optarg;
		} else if (option == 'l') {
			listen_address = optarg;
		} else if (option == 'm') {
			print_mro = true;
		} else if (option == 'h') {
			fputs(usage, stdout);
			return SS_EXIT_OK;
		} else {
			ss_usage_exit(usage);
		}
	}
	if (optind != argc || (print_mro && listen_address != NULL) ||
	    (!print_mro && (class_name == NULL || listen_address == NULL)))
		ss_usage_exit(usage);
	if (print_mro) {
		if (class_name != NULL)
			print_mro_line(find_choice(class_name)->server_class);
		else
			for (size_t i = 0; i < CHOICES; i++)
				print_mro_line(choices[i].server_class);
		return SS_EXIT_OK;
	}

	const struct choice *choice = find_choice(class_name);
	ss_stop_on_signals();
	ss_server *server = ss_server_new(choice->server_class, listen_address, choice->handler_class, NULL);
	if (server == NULL) {
		fprintf(stderr, "serve: %s\n", ss_error());
		return SS_EXIT_FAILURE;
	}
	printf("listening on %s\n", server->server_address);
	fflush(stdout);

	/* Until SIGINT/SIGTERM: then serve_forever returns -1 with EINTR. */
	if (ss_serve_forever(server, 0.5) == -1 && errno != EINTR) {
		fprintf(stderr, "serve: %s\n", ss_error());
		status = SS_EXIT_FAILURE;
	}
	ss_server_free(server); /* server_close: joins the threads, reaps the children */
	return status;
}
