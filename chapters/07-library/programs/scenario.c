/* scenario — one request through the C library, for the side-by-side with
 * Python's own socketserver.
 *
 *   SS_TRACE=1 scenario SCENARIO 2>trace.txt
 *
 * Each scenario makes the same calls, in the same order, as its twin in
 * chapters/07-library/scenarios.py does on CPython's module; `tools/trace
 * compare` then sets the two traces side by side. The scenarios are listed
 * in the table at the bottom of this file.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mixins.h"
#include "program.h"
#include "tcp_server.h"

/* ---- the handlers and the refusing server, named as in scenarios.py ---- */

/* Stream: one recv, sent back. Datagram: the packet, sent back. */
static int
echo_handle(ss_handler *self)
{
	SS_TRACE("EchoHandler", "handle");
	const ss_request *request = self->request;
	const ss_address *to = &self->client_address;

	if (request->packet != NULL) {
		if (sendto(request->fd, request->packet, request->packet_size, MSG_NOSIGNAL,
		           (const struct sockaddr *)&to->storage, to->length) == -1) {
			ss_set_error("cannot answer: %s", strerror(errno));
			return -1;
		}
		return 0;
	}
	char buffer[4096];
	ssize_t received = ss_recv(request->fd, buffer, sizeof buffer);
	if (received == -1 || ss_send_all(request->fd, buffer, (size_t)received) == -1)
		return -1;
	return 0;
}

static const ss_handler_class echo_handler = {
	.name = "EchoHandler",
	.base = &ss_base_request_handler,
	.handle = echo_handle,
};

static int
failing_handle(ss_handler *self)
{
	SS_TRACE("FailingHandler", "handle");
	(void)self;
	ss_set_error("this handler always fails");
	return -1;
}

static const ss_handler_class failing_handler = {
	.name = "FailingHandler",
	.base = &ss_base_request_handler,
	.handle = failing_handle,
};

static bool
refusing_verify_request(ss_server *self, ss_request *request, const ss_address *client_address)
{
	SS_TRACE("RefusingServer", "verify_request");
	(void)self, (void)request, (void)client_address;
	return false;
}

static const ss_server_class refusing_server = {
	.name = "RefusingServer",
	.base = &ss_tcp_server,
	.verify_request = refusing_verify_request,
};

/* ---- the client side ---------------------------------------------------- */

struct client {
	const char *address;
	bool expect_reply;
	char reply[64];
	pthread_t thread;
};

/* Connect, send "hello", read the reply if one is expected, close. */
static void *
stream_client(void *argument)
{
	struct client *client = argument;
	int fd = ss_connect(client->address);
	if (fd == -1)
		return NULL;
	if (ss_send_all(fd, "hello", 5) == 5 && client->expect_reply) {
		ssize_t received = ss_recv(fd, client->reply, sizeof client->reply - 1);
		if (received > 0)
			client->reply[received] = '\0';
	}
	close(fd);
	return NULL;
}

/* A client connects first (the backlog holds it), then handle_request(). */
static int
one_stream_request(const ss_server_class *server_class, const ss_handler_class *handler,
                   bool expect_reply)
{
	ss_server *server = ss_server_new(server_class, "127.0.0.1:0", handler, NULL);
	if (server == NULL)
		return -1;
	struct client client = {.address = server->server_address, .expect_reply = expect_reply};
	pthread_create(&client.thread, NULL, stream_client, &client);
	ss_handle_request(server);
	pthread_join(client.thread, NULL);
	ss_server_free(server);
	bool ok = expect_reply ? strcmp(client.reply, "hello") == 0 : client.reply[0] == '\0';
	return ok ? 0 : -1;
}

/* ---- the scenarios -------------------------------------------------------- */

static int
scenario_tcp(void)
{
	return one_stream_request(&ss_tcp_server, &echo_handler, true);
}

static int
scenario_threading(void)
{
	return one_stream_request(&ss_threading_tcp_server, &echo_handler, true);
}

static int
scenario_forking(void)
{
	return one_stream_request(&ss_forking_tcp_server, &echo_handler, true);
}

static int
scenario_udp(void)
{
	ss_server *server = ss_server_new(&ss_udp_server, "127.0.0.1:0", &echo_handler, NULL);
	if (server == NULL)
		return -1;
	ss_address to;
	char reply[64] = "";
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd != -1 && ss_address_parse(server->server_address, &to) == 0 &&
	    sendto(fd, "hello", 5, 0, (const struct sockaddr *)&to.storage, to.length) == 5) {
		ss_handle_request(server);
		ssize_t received = recv(fd, reply, sizeof reply - 1, 0);
		if (received > 0)
			reply[received] = '\0';
	}
	if (fd != -1)
		close(fd);
	ss_server_free(server);
	return strcmp(reply, "hello") == 0 ? 0 : -1;
}

static int
scenario_verify_refused(void)
{
	return one_stream_request(&refusing_server, &echo_handler, false);
}

/* handle_error's report goes to stderr among the trace lines; the trace
 * reader keeps only the lines that start with "ss-trace". */
static int
scenario_handler_error(void)
{
	return one_stream_request(&ss_tcp_server, &failing_handler, false);
}

static int
scenario_timeout(void)
{
	ss_server *server = ss_server_new(&ss_tcp_server, "127.0.0.1:0", &echo_handler, NULL);
	if (server == NULL)
		return -1;
	server->timeout = 0.01;
	ss_handle_request(server);
	ss_server_free(server);
	return 0;
}

static void *
serve(void *server)
{
	ss_serve_forever(server, 0.01);
	return NULL;
}

static int
scenario_shutdown(void)
{
	ss_server *server = ss_server_new(&ss_tcp_server, "127.0.0.1:0", &echo_handler, NULL);
	if (server == NULL)
		return -1;
	pthread_t serving;
	pthread_create(&serving, NULL, serve, server);
	struct client client = {.address = server->server_address, .expect_reply = true};
	stream_client(&client);
	ss_shutdown(server);
	pthread_join(serving, NULL);
	ss_server_free(server);
	return strcmp(client.reply, "hello") == 0 ? 0 : -1;
}

static const struct scenario {
	const char *name;
	int (*run)(void);
} scenarios[] = {
	{"tcp", scenario_tcp},
	{"threading", scenario_threading},
	{"forking", scenario_forking},
	{"udp", scenario_udp},
	{"verify-refused", scenario_verify_refused},
	{"handler-error", scenario_handler_error},
	{"timeout", scenario_timeout},
	{"shutdown", scenario_shutdown},
};

static const char usage[] =
	"usage: scenario tcp|threading|forking|udp|verify-refused|handler-error|timeout|shutdown\n"
	"  runs one scenario of chapters/07-library/scenarios.py on the C library;\n"
	"  with SS_TRACE=1 its calls go to stderr\n";

int
main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		fputs(usage, stdout);
		return SS_EXIT_OK;
	}
	for (size_t i = 0; argc == 2 && i < sizeof scenarios / sizeof scenarios[0]; i++)
		if (strcmp(argv[1], scenarios[i].name) == 0) {
			if (scenarios[i].run() == 0)
				return SS_EXIT_OK;
			fprintf(stderr, "scenario %s: %s\n", argv[1], ss_error());
			return SS_EXIT_FAILURE;
		}
	ss_usage_exit(usage);
}
