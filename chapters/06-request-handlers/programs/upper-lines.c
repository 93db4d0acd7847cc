/* upper-lines — the seeds' upper-case echo once more, now on
 * StreamRequestHandler and DatagramRequestHandler: handle() reads lines
 * from rfile and writes replies to wfile, and counts no bytes.
 *
 *   upper-lines --kind tcp|udp|unix-stream|unix-dgram --listen ADDRESS
 *
 * The Python it mirrors (seeds 002/003, on the handler classes):
 *     class UpperStream(socketserver.StreamRequestHandler):
 *         def handle(self):
 *             for line in self.rfile:
 *                 self.wfile.write(line.upper())
 *     class UpperDatagram(socketserver.DatagramRequestHandler):
 *         def handle(self):
 *             for line in self.rfile:           (the packet's lines)
 *                 self.wfile.write(line.upper())  (sent by finish, one datagram)
 * Compare chapter 4's upper-server, which counts bytes with recv and send.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "program.h"
#include "request_handlers.h"
#include "tcp_server.h"

/*@diagram 06-stream-handler root=base_finish_request server=TCPServer handler=UpperStream "Chapter 6: finish_request to handle, on StreamRequestHandler" */
/*@diagram 06-datagram-handler root=base_finish_request server=UDPServer handler=UpperDatagram "Chapter 6: finish_request to handle, on DatagramRequestHandler" */

static const char usage[] =
	"usage: upper-lines --kind tcp|udp|unix-stream|unix-dgram --listen ADDRESS\n"
	"  answers each line in upper case; stream kinds with StreamRequestHandler,\n"
	"  datagram kinds with DatagramRequestHandler (the lines of one packet, one reply)\n";

static void
to_upper(char *bytes, size_t size)
{
	for (size_t i = 0; i < size; i++)
		bytes[i] = (char)toupper((unsigned char)bytes[i]);
}

/*@region upper-lines-handle */
/* for line in self.rfile: self.wfile.write(line.upper()) — for both kinds:
 * the two handler classes give handle() the same two files. */
static int
upper_lines(ss_rfile *rfile, ss_wfile *wfile)
{
	char line[1024];
	ssize_t length;

	while ((length = ss_rfile_readline(rfile, line, sizeof line)) > 0) {
		to_upper(line, (size_t)length);
		if (ss_wfile_write(wfile, line, (size_t)length) == -1)
			return -1;
	}
	return length == 0 || ss_stop_requested() ? 0 : -1; /* EOF, or SIGTERM: done */
}

static int
upper_stream_handle(ss_handler *self)
{
	SS_TRACE("UpperStream", "handle");
	ss_stream_handler *h = ss_stream_handler_of(self);
	return upper_lines(&h->rfile, &h->wfile);
}

static int
upper_datagram_handle(ss_handler *self)
{
	SS_TRACE("UpperDatagram", "handle");
	ss_datagram_handler *h = ss_datagram_handler_of(self);
	return upper_lines(&h->rfile, &h->wfile);
}

static const ss_handler_class upper_stream = {
	.name = "UpperStream", .base = &ss_stream_request_handler, .handle = upper_stream_handle};
static const ss_handler_class upper_datagram = {
	.name = "UpperDatagram", .base = &ss_datagram_request_handler, .handle = upper_datagram_handle};
/*@end upper-lines-handle */

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
		if (option == 'k') {
			kind_name = optarg;
		} else if (option == 'l') {
			address = optarg;
		} else if (option == 'h') {
			fputs(usage, stdout);
			return SS_EXIT_OK;
		} else {
			ss_usage_exit(usage);
		}
	}
	for (size_t i = 0; kind_name != NULL && i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].name, kind_name) == 0)
			kind = &kinds[i];
	if (kind == NULL || address == NULL || optind != argc)
		ss_usage_exit(usage);

	ss_stop_on_signals();
	ss_server *server = ss_server_new(kind->server_class, address, kind->handler_class, NULL);
	if (server == NULL) {
		fprintf(stderr, "upper-lines: %s\n", ss_error());
		return SS_EXIT_FAILURE;
	}
	printf("listening on %s\n", server->server_address);
	fflush(stdout);
	int status = SS_EXIT_OK;
	if (ss_serve_forever(server, 0.5) == -1 && errno != EINTR) {
		fprintf(stderr, "upper-lines: %s\n", ss_error());
		status = SS_EXIT_FAILURE;
	}
	ss_server_free(server);
	return status;
}
