/* hostile-server — a line service that hostile clients cannot take down:
 * "you said: LINE" for each line, on StreamRequestHandler with a timeout and
 * a line cap. Drive it with hostile-clients.
 *
 *   hostile-server --listen ADDRESS [--timeout SECONDS] [--max-line BYTES]
 *
 * Each hostile client meets a documented error, which the server tells the
 * client (when it can still hear) and reports through handle_error on
 * stderr, and then the server goes on to the next client:
 *   a line longer than --max-line (1024)  -> "line too long"  (EMSGSIZE)
 *   a client that sends nothing           -> "timed out"      (ETIMEDOUT), after --timeout (1 s)
 *   a client trickling a byte at a time   -> "timed out" too: the timeout is for the whole
 *                                            line, not for each recv
 *   a client that resets the connection   -> "Connection reset by peer"
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "program.h"
#include "request_handlers.h"
#include "tcp_server.h"

static const char usage[] =
	"usage: hostile-server --listen ADDRESS [--timeout SECONDS] [--max-line BYTES]\n"
	"  answers \"you said: LINE\"; a line too long, a silent or trickling client,\n"
	"  or a reset ends that client with an error (on stderr); the server goes on\n";

/* The class attributes, set from the command line before serving (Python:
 * class HostileHandler(StreamRequestHandler): timeout = 1.0 ...). */
static ss_stream_handler_attributes hostile_attributes;

/*@region hostile-handle */
static int
hostile_handle(ss_handler *self)
{
	SS_TRACE("HostileHandler", "handle");
	ss_stream_handler *h = ss_stream_handler_of(self);
	char line[4096], reply[4200];
	ssize_t length;

	while ((length = ss_rfile_readline(&h->rfile, line, sizeof line)) > 0) {
		snprintf(reply, sizeof reply, "you said: %s%s", line,
		         line[length - 1] == '\n' ? "" : "\n");
		if (ss_wfile_write(&h->wfile, reply, strlen(reply)) == -1)
			return -1;
	}
	if (length == 0 || ss_stop_requested())
		return 0;
	/* Tell the client what went wrong, if it still listens; handle_error
	 * gets the reader's message either way. */
	char why[256];
	int saved_errno = errno;
	snprintf(why, sizeof why, "%s", ss_error());
	if (saved_errno == EMSGSIZE || saved_errno == ETIMEDOUT) {
		snprintf(reply, sizeof reply, "error: %s\n", why);
		ss_wfile_write(&h->wfile, reply, strlen(reply)); /* best effort */
	}
	ss_set_error("%s", why);
	errno = saved_errno;
	return -1;
}
/*@end hostile-handle */

static const ss_handler_class hostile_handler = {
	.name = "HostileHandler",
	.base = &ss_stream_request_handler,
	.attributes = &hostile_attributes,
	.handle = hostile_handle,
};

int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{"listen", required_argument, NULL, 'l'},
		{"timeout", required_argument, NULL, 't'},
		{"max-line", required_argument, NULL, 'm'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *address = NULL;
	char *end;
	int option;

	hostile_attributes = ss_stream_handler_defaults;
	hostile_attributes.timeout = 1.0;
	hostile_attributes.max_line = 1024;
	while ((option = getopt_long(argc, argv, "l:t:m:h", options, NULL)) != -1) {
		if (option == 'l') {
			address = optarg;
		} else if (option == 't') {
			hostile_attributes.timeout = strtod(optarg, &end);
			if (*end != '\0' || hostile_attributes.timeout <= 0)
				ss_usage_exit(usage);
		} else if (option == 'm') {
			long max_line = strtol(optarg, &end, 10);
			if (*end != '\0' || max_line < 1 || max_line > 4095)
				ss_usage_exit(usage);
			hostile_attributes.max_line = (size_t)max_line;
		} else if (option == 'h') {
			fputs(usage, stdout);
			return SS_EXIT_OK;
		} else {
			ss_usage_exit(usage);
		}
	}
	if (address == NULL || optind != argc)
		ss_usage_exit(usage);

	ss_stop_on_signals();
	ss_server *server = ss_server_new(&ss_tcp_server, address, &hostile_handler, NULL);
	if (server == NULL) {
		fprintf(stderr, "hostile-server: %s\n", ss_error());
		return SS_EXIT_FAILURE;
	}
	printf("listening on %s\n", server->server_address);
	fflush(stdout);
	int status = SS_EXIT_OK;
	if (ss_serve_forever(server, 0.5) == -1 && errno != EINTR) {
		fprintf(stderr, "hostile-server: %s\n", ss_error());
		status = SS_EXIT_FAILURE;
	}
	ss_server_free(server);
	return status;
}
