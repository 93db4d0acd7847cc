/* echo-client — the other end: talk to an echo server, line by line.
 *
 *   echo-client --connect ADDRESS [--timeout SECONDS] [MESSAGE...]
 *
 * Sends each MESSAGE as a line (or, with none, each line of stdin) and prints
 * the reply line. ADDRESS is host:port, [v6addr]:port, or the path of a
 * Unix stream socket (any text with a '/': /tmp/echo.sock, ./echo.sock) —
 * chapter 4's echo-server --kind unix-stream. With --timeout, gives up on
 * a reply that does not come in time — how the tour shows a client left
 * waiting by a busy server. Exit status: 0 all replies came (or --help); 1
 * connection failed or a reply did not come; 2 bad arguments.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net.h"
#include "program.h"

static const char usage[] =
	"usage: echo-client --connect ADDRESS [--timeout SECONDS] [MESSAGE...]\n"
	"  sends each MESSAGE (or each line of stdin) and prints the reply line\n"
	"  ADDRESS  host:port, [v6addr]:port, or a Unix socket path (with a '/')\n";

/* Read one reply line into line; 0, or -1 (closed, error, or timed out). */
static int
read_reply(int fd, char *line, size_t size, int timeout_ms)
{
	size_t length = 0;

	while (length + 1 < size) {
		struct pollfd watch = {.fd = fd, .events = POLLIN};
		int ready = poll(&watch, 1, timeout_ms);
		if (ready == -1 && errno == EINTR)
			continue;
		if (ready == 0) {
			fprintf(stderr, "echo-client: no reply within the time-out (the server is busy?)\n");
			return -1;
		}
		ssize_t received = ss_recv(fd, line + length, 1);
		if (received <= 0) {
			fprintf(stderr, "echo-client: the server closed the connection\n");
			return -1;
		}
		if (line[length] == '\n')
			break;
		length++;
	}
	line[length] = '\0';
	return 0;
}

static int
exchange(int fd, const char *message, int timeout_ms)
{
	char reply[4096];
	size_t length = strlen(message);

	if (ss_send_all(fd, message, length) == -1 || ss_send_all(fd, "\n", 1) == -1) {
		fprintf(stderr, "echo-client: %s\n", ss_error());
		return -1;
	}
	if (read_reply(fd, reply, sizeof reply, timeout_ms) == -1)
		return -1;
	printf("%s\n", reply);
	fflush(stdout);
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{"connect", required_argument, NULL, 'c'},
		{"timeout", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *address = NULL;
	int timeout_ms = -1, option, fd, status = 0;

	while ((option = getopt_long(argc, argv, "c:t:h", options, NULL)) != -1) {
		if (option == 'c')
			address = optarg;
		else if (option == 't' && atof(optarg) > 0)
			timeout_ms = (int)(atof(optarg) * 1000);
		else if (option == 'h')
			ss_help_exit(usage);
		else
			ss_usage_exit(usage);
	}
	if (address == NULL)
		ss_usage_exit(usage);

	fd = ss_connect(address);
	if (fd == -1) {
		fprintf(stderr, "echo-client: %s\n", ss_error());
		return SS_EXIT_FAILURE;
	}
	if (optind < argc) {
		for (int i = optind; i < argc && status == 0; i++)
			status = exchange(fd, argv[i], timeout_ms);
	} else {
		char line[4096];
		while (status == 0 && fgets(line, sizeof line, stdin) != NULL) {
			line[strcspn(line, "\n")] = '\0';
			status = exchange(fd, line, timeout_ms);
		}
	}
	close(fd);
	return status == 0 ? SS_EXIT_OK : SS_EXIT_FAILURE;
}
