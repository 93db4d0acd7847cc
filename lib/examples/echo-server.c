/* echo-server — the library as a C programmer takes it: a threaded echo
 * server, each client on its own thread, until SIGINT or SIGTERM.
 *
 *     cc echo-server.c $(pkg-config --cflags --libs socketserver)     installed
 *     cc -pthread echo-server.c socketserver.c                        lib/dist/
 *
 *     ./echo-server 127.0.0.1:0        prints "listening on 127.0.0.1:PORT"
 */
#include <socketserver.h>
#include <stdio.h>

/* A connection: send back what arrives until the client closes. */
static int
echo_handle(ss_handler *self)
{
	char buffer[4096];
	ssize_t received;

	while ((received = ss_recv(self->request->fd, buffer, sizeof buffer)) > 0)
		if (ss_send_all(self->request->fd, buffer, (size_t)received) == -1)
			return -1;
	return received == 0 || ss_stop_requested() ? 0 : -1;
}

static const ss_handler_class echo = {
	.name = "EchoHandler", .base = &ss_base_request_handler, .handle = echo_handle,
};

int
main(int argc, char **argv)
{
	ss_stop_on_signals();
	ss_server *server = ss_server_new(&ss_threading_tcp_server, argc > 1 ? argv[1] : "127.0.0.1:9999", &echo, NULL);
	if (server == NULL) {
		fprintf(stderr, "echo-server: %s\n", ss_error());
		return 1;
	}
	printf("listening on %s\n", server->server_address);
	fflush(stdout);
	ss_serve_forever(server, 0.5); /* until SIGINT/SIGTERM */
	ss_server_free(server);
	return 0;
}
