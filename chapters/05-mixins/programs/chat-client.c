/* chat-client — a member of chat-server's room, at a terminal.
 *
 *   chat-client --connect ADDRESS
 *
 * Every line typed (stdin) is sent; every line the room sends is printed,
 * whenever it comes — chapter 2's selector watches the terminal and the
 * socket at once. (Seed 001's client sends a line, then waits for one
 * answer: right for the seed's server, which answers only the sender; in a
 * room where the others talk whenever they like, it would fall behind.)
 * At the end of input (Ctrl-D) it says no more but prints what still comes,
 * until the server closes the connection. "quit" leaves the room.
 * Exit status: 0 the server closed; 1 no connection or an error; 2 bad
 * arguments.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net.h"
#include "program.h"
#include "selector.h"

static const char usage[] = "usage: chat-client --connect ADDRESS\n"
                            "  sends each line of stdin to the chat room; prints what the room says\n";

/* Write all of data to a file (stdout): write, not send — it is no socket. */
static int
write_all(int fd, const char *data, size_t size)
{
	while (size > 0) {
		ssize_t written = write(fd, data, size);
		if (written == -1 && errno == EINTR)
			continue;
		if (written == -1)
			return -1;
		data += written;
		size -= (size_t)written;
	}
	return 0;
}

/* Copy what is readable on from to to (the room, a socket; or stdout): the
 * number of bytes, 0 at the end, -1 on an error. */
static ssize_t
pass_on(int from, int to, bool to_socket)
{
	char buffer[4096];
	ssize_t got = read(from, buffer, sizeof buffer);

	if (got == -1 && errno == EINTR)
		return 1; /* nothing lost: try again on the next round */
	if (got > 0 && (to_socket ? ss_send_all(to, buffer, (size_t)got) == -1
	                          : write_all(to, buffer, (size_t)got) == -1))
		return -1;
	return got;
}

int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{"connect", required_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *address = NULL;
	int option, status = SS_EXIT_OK;

	while ((option = getopt_long(argc, argv, "c:h", options, NULL)) != -1) {
		if (option == 'c') {
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

	int room = ss_connect(address);
	if (room == -1) {
		fprintf(stderr, "chat-client: %s\n", ss_error());
		return SS_EXIT_FAILURE;
	}
	ss_selector *selector = ss_selector_new(ss_default_selector);
	if (selector == NULL || ss_selector_register(selector, room, SS_EVENT_READ, NULL) == -1 ||
	    ss_selector_register(selector, STDIN_FILENO, SS_EVENT_READ, NULL) == -1) {
		fprintf(stderr, "chat-client: %s\n", ss_error());
		ss_selector_free(selector);
		close(room);
		return SS_EXIT_FAILURE;
	}
	for (bool open = true; open;) {
		ss_selector_ready ready[2];
		int count = ss_selector_select(selector, -1, ready, 2);
		if (count == -1) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "chat-client: %s\n", ss_error());
			status = SS_EXIT_FAILURE;
			break;
		}
		for (int i = 0; i < count && open; i++) {
			if (ready[i].fd == room) { /* the room speaks: print it */
				ssize_t got = pass_on(room, STDOUT_FILENO, false);
				if (got <= 0) {
					if (got == -1)
						status = SS_EXIT_FAILURE;
					open = false; /* the server closed (or failed) */
				}
			} else if (pass_on(STDIN_FILENO, room, true) <= 0) { /* typed: send it */
				ss_selector_unregister(selector, STDIN_FILENO);
				shutdown(room, SHUT_WR); /* no more from us; keep listening */
			}
		}
	}
	ss_selector_free(selector);
	close(room);
	return status;
}
