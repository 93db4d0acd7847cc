/* bench-line-echo — OUR servers for chapter 8's benchmark matrix: the line
 * echo every row runs, on StreamRequestHandler (readline, then write), as
 * Python's python_servers.py does on Python's.
 *
 *   bench-line-echo --server KIND --listen ADDRESS
 *                   [--request-queue-size N] [--pool-size N] [--hand-off]
 *                   [--max-children N]
 *
 * KIND: TCPServer, ThreadingTCPServer, ForkingTCPServer (chapters 4-5), pool
 * (PoolTCPServer) or prefork (PreforkTCPServer); with a path for ADDRESS,
 * the same kind over a Unix stream socket (UnixStreamServer, ...,
 * PoolUnixStreamServer, PreforkUnixStreamServer). --pool-size: the pool's
 * threads or the preforked children (defaults: 32, 4). --hand-off: the pool
 * with a bounded queue fed by serve_forever's thread instead of accept in
 * every thread. --max-children: ForkingMixIn's (40). As in python_servers.py: allow_reuse_address, and the
 * threading server's daemon_threads. SS_TRACE=1 traces every call, in every
 * thread and child.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "designs.h"
#include "mixins.h"
#include "program.h"
#include "request_handlers.h"
#include "tcp_server.h"

/* The call flows of the pool and of the preforked server, with this
 * program's handler. */
/*@diagram 08-pool-tcp root=pool_serve_forever server=PoolTCPServer handler=LineEchoHandler "Chapter 8: PoolTCPServer, serve_forever to handle, each pool thread accepting" */
/*@diagram 08-prefork-tcp root=prefork_serve_forever server=PreforkTCPServer handler=LineEchoHandler "Chapter 8: PreforkTCPServer, the arbiter and its children" */

static const char usage[] =
	"usage: bench-line-echo --server KIND --listen ADDRESS\n"
	"                       [--request-queue-size N] [--pool-size N] [--hand-off]\n"
	"  KIND     TCPServer, ThreadingTCPServer, ForkingTCPServer, pool or prefork\n"
	"  ADDRESS  host:port, [v6addr]:port or :port (port 0: any free port),\n"
	"           or a path: KIND over a Unix stream socket\n"
	"  --request-queue-size N  the listen() backlog (TCPServer's default: 5;\n"
	"                          the pool's and prefork's: 1024)\n"
	"  --pool-size N           the pool's threads (32) or prefork's children (4)\n"
	"  --hand-off              the pool: serve_forever accepts, a queue hands on\n"
	"  --max-children N        ForkingTCPServer's max_children (40)\n";

/*@region line-echo-handler */
/* Python: for line in self.rfile: self.wfile.write(line). A stop (which
 * ends the handler's wait) is the end of the conversation, not a failure.
 * The line is read in place (next_line), not copied into a 64 KiB array on
 * the stack: in a thread per connection, that array cost a page fault a
 * connection (book, chapter 6, "The buffered reader in C"). */
static int
line_echo_handle(ss_handler *self)
{
	SS_TRACE("LineEchoHandler", "handle");
	ss_stream_handler *handler = ss_stream_handler_of(self);
	const char *line;
	ssize_t length;

	while ((length = ss_rfile_next_line(&handler->rfile, &line)) > 0)
		if (ss_wfile_write(&handler->wfile, line, (size_t)length) == -1)
			return ss_stop_requested() ? 0 : -1;
	return length == 0 || ss_stop_requested() ? 0 : -1;
}

static const ss_handler_class line_echo_handler = {
	.name = "LineEchoHandler",
	.base = &ss_stream_request_handler,
	.handle = line_echo_handle,
};
/*@end line-echo-handler */

static const struct kind {
	const char *name;
	const ss_server_class *server_class;
	const ss_server_class *unix_class; /* for an ADDRESS that is a path */
} kinds[] = {
	{"TCPServer", &ss_tcp_server, &ss_unix_stream_server},
	{"ThreadingTCPServer", &ss_threading_tcp_server, &ss_threading_unix_stream_server},
	{"ForkingTCPServer", &ss_forking_tcp_server, &ss_forking_unix_stream_server},
	{"pool", &ss_pool_tcp_server, &ss_pool_unix_stream_server},
	{"prefork", &ss_prefork_tcp_server, &ss_prefork_unix_stream_server},
};

static int
positive(const char *text)
{
	char *end;
	long value = strtol(text, &end, 10);

	if (*text == '\0' || *end != '\0' || value < 1 || value > 1000000) {
		fprintf(stderr, "bench-line-echo: '%s' is not a positive number\n", text);
		ss_usage_exit(usage);
	}
	return (int)value;
}

int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{"server", required_argument, NULL, 's'},
		{"listen", required_argument, NULL, 'l'},
		{"request-queue-size", required_argument, NULL, 'q'},
		{"pool-size", required_argument, NULL, 'p'},
		{"hand-off", no_argument, NULL, 'o'},
		{"max-children", required_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *kind_name = NULL, *listen_address = NULL;
	int queue_size = 0, pool_size = 0, max_children = 0, option, status = SS_EXIT_OK;
	bool hand_off = false;
	const struct kind *kind = NULL;

	while ((option = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (option == 's')
			kind_name = optarg;
		else if (option == 'l')
			listen_address = optarg;
		else if (option == 'q')
			queue_size = positive(optarg);
		else if (option == 'p')
			pool_size = positive(optarg);
		else if (option == 'o')
			hand_off = true;
		else if (option == 'c')
			max_children = positive(optarg);
		else if (option == 'h')
			ss_help_exit(usage);
		else
			ss_usage_exit(usage);
	}
	if (optind != argc || kind_name == NULL || listen_address == NULL)
		ss_usage_exit(usage);
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].name, kind_name) == 0)
			kind = &kinds[i];
	if (kind == NULL) {
		fprintf(stderr, "bench-line-echo: unknown server kind '%s'\n", kind_name);
		ss_usage_exit(usage);
	}

	ss_stop_on_signals();
	const ss_server_class *server_class =
		ss_address_is_path(listen_address) ? kind->unix_class : kind->server_class;
	ss_server *server = ss_server_new_inactive(server_class, listen_address,
	                                           &line_echo_handler, NULL);
	if (server == NULL) {
		fprintf(stderr, "bench-line-echo: %s\n", ss_error());
		return SS_EXIT_FAILURE;
	}
	ss_socket_server_of(server)->attributes.allow_reuse_address = true;
	if (queue_size > 0)
		ss_socket_server_of(server)->attributes.request_queue_size = queue_size;
	ss_set_daemon_threads(server, true); /* EINVAL unless threading: as Python's, harmless */
	ss_pool_attributes *pool = ss_pool_attributes_of(server);
	if (pool != NULL && pool_size > 0)
		pool->pool_size = pool->queue_size = pool_size;
	if (pool != NULL)
		pool->accept_in_threads = !hand_off;
	if (max_children > 0 && ss_set_max_children(server, max_children) == -1) {
		fprintf(stderr, "bench-line-echo: %s\n", ss_error());
		ss_server_free(server);
		return SS_EXIT_USAGE;
	}
	if (ss_prefork_attributes_of(server) != NULL && pool_size > 0)
		ss_prefork_attributes_of(server)->workers = pool_size;
	if (ss_server_bind(server) == -1 || ss_server_activate(server) == -1) {
		fprintf(stderr, "bench-line-echo: cannot listen on %s: %s\n", listen_address,
		        ss_error());
		ss_server_free(server);
		return SS_EXIT_FAILURE;
	}
	printf("listening on %s\n", server->server_address);
	fflush(stdout);

	/* Until SIGINT/SIGTERM: then serve_forever returns -1 with EINTR. */
	if (ss_serve_forever(server, 0.5) == -1 && errno != EINTR) {
		fprintf(stderr, "bench-line-echo: %s\n", ss_error());
		status = SS_EXIT_FAILURE;
	}
	ss_server_free(server);
	return status;
}
