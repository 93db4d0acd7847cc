/* menu-10086 — seed 000's voice menu ("welcome to 10086, press 1xxx, 0 for
 * an operator"), on StreamRequestHandler: one line in, one line out.
 *
 *   menu-10086 --listen ADDRESS
 *   echo-client --connect ADDRESS hello 1001 0 exit
 *
 * The seed's handler counts bytes (data = conn.recv(1024)) and so takes
 * whatever one recv returns as one choice: two choices typed quickly, or one
 * cut in two by the network, confuse it. On rfile a choice is a line. (The
 * seed greets on connect; ours greets in answer to the first line, so that
 * every line gets exactly one reply and a line client stays in step.)
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "program.h"
#include "request_handlers.h"
#include "tcp_server.h"

static const char usage[] = "usage: menu-10086 --listen ADDRESS\n"
                            "  the 10086 menu: send 1xxx for a service, 0 for an operator, exit\n";

/* The line without its "\r\n" or "\n". */
static void
chomp(char *line)
{
	line[strcspn(line, "\r\n")] = '\0';
}

/*@region menu-handle */
static int
menu_handle(ss_handler *self)
{
	SS_TRACE("MenuHandler", "handle");
	ss_stream_handler *h = ss_stream_handler_of(self);
	char line[256], reply[512];
	bool greeted = false;
	ssize_t length;

	while ((length = ss_rfile_readline(&h->rfile, line, sizeof line)) > 0) {
		chomp(line);
		if (strcmp(line, "exit") == 0)
			snprintf(reply, sizeof reply, "Thank you for calling 10086. Goodbye.\n");
		else if (strcmp(line, "0") == 0)
			snprintf(reply, sizeof reply, "Connecting you to an operator; calls may be recorded.\n");
		else if (line[0] == '1' && strlen(line) == 4)
			snprintf(reply, sizeof reply, "Service %s: your balance is 10.86 yuan.\n", line);
		else if (!greeted)
			snprintf(reply, sizeof reply,
			         "Welcome to 10086. Send 1xxx for a service, 0 for an operator, exit to hang up.\n");
		else
			snprintf(reply, sizeof reply, "Please try again: 1xxx, 0 or exit.\n");
		greeted = true;
		if (ss_wfile_write(&h->wfile, reply, strlen(reply)) == -1)
			return -1;
		if (strcmp(line, "exit") == 0)
			return 0;
	}
	return length == 0 || ss_stop_requested() ? 0 : -1;
}
/*@end menu-handle */

static const ss_handler_class menu_handler = {
	.name = "MenuHandler", .base = &ss_stream_request_handler, .handle = menu_handle};

int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{"listen", required_argument, NULL, 'l'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *address = NULL;
	int option;

	while ((option = getopt_long(argc, argv, "l:h", options, NULL)) != -1) {
		if (option == 'l') {
			address = optarg;
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
	ss_server *server = ss_server_new(&ss_tcp_server, address, &menu_handler, NULL);
	if (server == NULL) {
		fprintf(stderr, "menu-10086: %s\n", ss_error());
		return SS_EXIT_FAILURE;
	}
	printf("listening on %s\n", server->server_address);
	fflush(stdout);
	int status = SS_EXIT_OK;
	if (ss_serve_forever(server, 0.5) == -1 && errno != EINTR) {
		fprintf(stderr, "menu-10086: %s\n", ss_error());
		status = SS_EXIT_FAILURE;
	}
	ss_server_free(server);
	return status;
}
