/* forking-udp — a UDP server that answers each datagram from a child
 * process of its own (ForkingUDPServer), upper-casing it, on
 * DatagramRequestHandler: rfile reads the packet, wfile collects the reply,
 * and finish sends it back to the client.
 *
 *     cc forking-udp.c $(pkg-config --cflags --libs socketserver)     installed
 *     cc -pthread forking-udp.c socketserver.c                        lib/dist/
 *
 *     ./forking-udp 127.0.0.1:0        prints "listening on 127.0.0.1:PORT"
 */
#include <ctype.h>
#include <socketserver.h>
#include <stdio.h>

/* One datagram in, the same upper-cased out. */
static int
upper_handle(ss_handler *self)
{
	ss_datagram_handler *handler = ss_datagram_handler_of(self);
	char packet[2048];
	ssize_t length = ss_rfile_read_to_eof(&handler->rfile, packet, sizeof packet);

	if (length == -1)
		return -1;
	for (ssize_t i = 0; i < length; i++)
		packet[i] = (char)toupper((unsigned char)packet[i]);
	return ss_wfile_write(&handler->wfile, packet, (size_t)length) == -1 ? -1 : 0;
}

static const ss_handler_class upper = {
	.name = "UpperHandler", .base = &ss_datagram_request_handler, .handle = upper_handle,
};

int
main(int argc, char **argv)
{
	ss_stop_on_signals();
	ss_server *server = ss_server_new(&ss_forking_udp_server, argc > 1 ? argv[1] : "127.0.0.1:9999",
	                                  &upper, NULL);
	if (server == NULL) {
		fprintf(stderr, "forking-udp: %s\n", ss_error());
		return 1;
	}
	printf("listening on %s\n", server->server_address);
	fflush(stdout);
	ss_serve_forever(server, 0.5); /* until SIGINT/SIGTERM; server_free reaps the children */
	ss_server_free(server);
	return 0;
}
