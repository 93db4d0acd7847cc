/* iterative-echo — chapter 1's server: one client at a time.
 *
 *   iterative-echo --listen ADDRESS
 *
 * Two loops, as the seeds put it: the connection loop accepts a client; the
 * conversation loop echoes its bytes back until it closes; then the next.
 * While one client talks, the next waits in the listen queue: the limit the
 * rest of the book removes.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "net.h"
#include "program.h"

/*@diagram 01-accept-loop root=main "Chapter 1: the iterative echo server" */

static const char usage[] = "usage: iterative-echo --listen ADDRESS\n"
                            "  ADDRESS  host:port, [v6addr]:port or :port (port 0: any free port)\n";

/*@region conversation-loop */
/* Echo everything the client sends until it closes: 0, or -1 on an error
 * (a reset, a peer that vanished while we wrote) or when a stop signal
 * ends the wait (ss_stop_requested() then says so). */
static int
echo_conversation(int client)
{
	char buffer[4096];

	for (;;) {
		ssize_t received = ss_recv(client, buffer, sizeof buffer);
		if (received == 0)
			return 0; /* the client closed its side: the conversation is over */
		if (received == -1)
			return -1;
		if (ss_send_all(client, buffer, (size_t)received) == -1)
			return -1;
	}
}
/*@end conversation-loop */

/* Errors after which accepting again makes sense: resources may come back. */
static int
accept_error_is_transient(int error)
{
	return error == EMFILE || error == ENFILE || error == ENOBUFS || error == ENOMEM ||
	       error == EPROTO || error == EPERM;
}

static const char *
parse_listen_option(int argc, char **argv)
{
	static const struct option options[] = {
		{"listen", required_argument, NULL, 'l'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *listen_address = NULL;
	int option;

	while ((option = getopt_long(argc, argv, "l:h", options, NULL)) != -1) {
		if (option == 'l')
			listen_address = optarg;
		else if (option == 'h')
			ss_help_exit(usage);
		else
			ss_usage_exit(usage);
	}
	if (listen_address == NULL || optind != argc)
		ss_usage_exit(usage);
	return listen_address;
}

int
main(int argc, char **argv)
{
	const char *listen_address = parse_listen_option(argc, argv);
	int listener, status = SS_EXIT_OK;

	ss_stop_on_signals();
	listener = ss_listen(listen_address, 5, false, NULL);
	if (listener == -1) {
		fprintf(stderr, "iterative-echo: %s\n", ss_error());
		return SS_EXIT_FAILURE;
	}
	ss_announce_listening(listener);

	/*@region connection-loop */
	while (!ss_stop_requested()) {
		ss_address peer;
		char peer_text[SS_ADDRESS_TEXT_MAX];
		int client = ss_accept(listener, &peer); /*@ -> ss_accept [next client] */

		if (client == -1) {
			int error = errno; /* fprintf below may change errno */
			if (error == EINTR) /* SIGINT/SIGTERM: stop requested */
				break;
			fprintf(stderr, "iterative-echo: %s\n", ss_error());
			if (accept_error_is_transient(error))
				continue;
			status = SS_EXIT_FAILURE;
			break;
		}
		ss_address_format(&peer, peer_text, sizeof peer_text);
		fprintf(stderr, "client %s connected\n", peer_text);
		int result = echo_conversation(client); /*@ -> echo_conversation [until it closes] */
		close(client); /* before saying so: whoever reads the line finds the fd gone */
		if (result == 0)
			fprintf(stderr, "client %s left\n", peer_text);
		else if (ss_stop_requested()) /* SIGINT/SIGTERM mid-conversation: no error */
			fprintf(stderr, "client %s: cut short, the server is stopping\n", peer_text);
		else
			fprintf(stderr, "client %s: %s\n", peer_text, ss_error());
	}
	/*@end connection-loop */

	close(listener);
	return status;
}
