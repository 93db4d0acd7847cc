/* line-server — a line service on StreamRequestHandler: each line comes
 * back with its number, "1: hello". rfile and wfile do the buffering; the
 * handler reads lines and writes replies, as a Python handler does with
 * self.rfile.readline() and self.wfile.write().
 *
 *     cc line-server.c $(pkg-config --cflags --libs socketserver)     installed
 *     cc -pthread line-server.c socketserver.c                        lib/dist/
 *
 *     ./line-server 127.0.0.1:0        prints "listening on 127.0.0.1:PORT"
 */
#include <socketserver.h>
#include <stdio.h>

/* Until the client closes: every line back, numbered. */
static int
numbered_handle(ss_handler *self)
{
	ss_stream_handler *handler = ss_stream_handler_of(self);
	char line[1024], reply[1100];
	ssize_t length;

	for (int number = 1; (length = ss_rfile_readline(&handler->rfile, line, sizeof line)) > 0; number++) {
		int size = snprintf(reply, sizeof reply, "%d: %s", number, line);
		if (ss_wfile_write(&handler->wfile, reply, (size_t)size) == -1)
			return -1;
	}
	return length == 0 || ss_stop_requested() ? 0 : -1;
}

static const ss_handler_class numbered = {
	.name = "NumberedLines", .base = &ss_stream_request_handler, .handle = numbered_handle,
};

int
main(int argc, char **argv)
{
	ss_stop_on_signals();
	ss_server *server = ss_server_new(&ss_threading_tcp_server, argc > 1 ? argv[1] : "127.0.0.1:9999",
	                                  &numbered, NULL);
	if (server == NULL) {
		fprintf(stderr, "line-server: %s\n", ss_error());
		return 1;
	}
	printf("listening on %s\n", server->server_address);
	fflush(stdout);
	ss_serve_forever(server, 0.5); /* until SIGINT/SIGTERM */
	ss_server_free(server);
	return 0;
}
