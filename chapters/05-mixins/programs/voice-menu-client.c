/* voice-menu-client — the caller's side of the 10086 voice menu (seed 000's
 * client): print what the menu says, answer it, until "exit".
 *
 *   voice-menu-client --connect ADDRESS [--timeout SECONDS] [INPUT...]
 *
 * With INPUTs, it answers the menu with each in turn and shows them as
 * "please input: INPUT"; without, it reads the answers from stdin (and
 * prompts, when stdin is a terminal). After "exit" it waits for the server
 * to hang up. --timeout gives up on a reply that does not come in time —
 * a caller left waiting by a server busy with someone else.
 * Exit status: 0 the call went as planned; 1 no connection, or a reply did
 * not come; 2 bad arguments.
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
	"usage: voice-menu-client --connect ADDRESS [--timeout SECONDS] [INPUT...]\n"
	"  calls the 10086 voice menu and answers it with each INPUT (or each line\n"
	"  of stdin), printing what the menu says; \"exit\" ends the call\n";

/* Wait up to timeout_ms (< 0: no limit) for fd to be readable: 1, or 0 on
 * time-out. */
static int
wait_readable(int fd, int timeout_ms)
{
	for (;;) {
		struct pollfd watch = {.fd = fd, .events = POLLIN};
		int ready = poll(&watch, 1, timeout_ms);
		if (ready >= 0)
			return ready;
		if (errno != EINTR)
			return 0;
	}
}

/* Read one line from the menu: 1; 0 if the server hung up; -1 on time-out
 * or error (said on stderr). */
static int
receive_line(int fd, char *line, size_t size, int timeout_ms)
{
	size_t length = 0;

	while (length + 1 < size) {
		if (!wait_readable(fd, timeout_ms)) {
			fprintf(stderr, "voice-menu-client: no answer within the time-out (the line is busy?)\n");
			return -1;
		}
		ssize_t received = ss_recv(fd, line + length, 1);
		if (received == 0 && length == 0)
			return 0;
		if (received <= 0) {
			fprintf(stderr, "voice-menu-client: the call broke off\n");
			return -1;
		}
		if (line[length] == '\n')
			break;
		length++;
	}
	line[length] = '\0';
	return 1;
}

/* Say input to the menu and print its answer; after "exit", wait for the
 * server to hang up instead. 0, or -1. */
static int
answer(int fd, const char *input, int timeout_ms)
{
	char reply[4096];

	if (ss_send_all(fd, input, strlen(input)) == -1 || ss_send_all(fd, "\n", 1) == -1) {
		fprintf(stderr, "voice-menu-client: %s\n", ss_error());
		return -1;
	}
	int got = receive_line(fd, reply, sizeof reply, timeout_ms);
	if (strcmp(input, "exit") == 0) {
		if (got != 0)
			return -1;
		printf("(the server hung up)\n");
		return 0;
	}
	if (got != 1) {
		if (got == 0)
			fprintf(stderr, "voice-menu-client: the server hung up\n");
		return -1;
	}
	printf("receive: %s\n", reply);
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
	char line[4096];

	while ((option = getopt_long(argc, argv, "c:t:h", options, NULL)) != -1) {
		if (option == 'c') {
			address = optarg;
		} else if (option == 't' && atof(optarg) > 0) {
			timeout_ms = (int)(atof(optarg) * 1000);
		} else if (option == 'h') {
			fputs(usage, stdout);
			return SS_EXIT_OK;
		} else {
			ss_usage_exit(usage);
		}
	}
	if (address == NULL)
		ss_usage_exit(usage);

	fd = ss_connect(address);
	if (fd == -1) {
		fprintf(stderr, "voice-menu-client: %s\n", ss_error());
		return SS_EXIT_FAILURE;
	}
	if (receive_line(fd, line, sizeof line, timeout_ms) != 1) { /* the greeting */
		fprintf(stderr, "voice-menu-client: no greeting from %s\n", address);
		close(fd);
		return SS_EXIT_FAILURE;
	}
	printf("receive: %s\n", line);
	fflush(stdout);
	if (optind < argc) {
		for (int i = optind; i < argc && status == 0; i++) {
			printf("please input: %s\n", argv[i]);
			status = answer(fd, argv[i], timeout_ms);
			if (strcmp(argv[i], "exit") == 0)
				break;
		}
	} else {
		bool prompt = isatty(STDIN_FILENO);
		for (;;) {
			if (prompt) {
				printf("please input: ");
				fflush(stdout);
			}
			if (fgets(line, sizeof line, stdin) == NULL)
				break;
			line[strcspn(line, "\r\n")] = '\0';
			status = answer(fd, line, timeout_ms);
			if (status != 0 || strcmp(line, "exit") == 0)
				break;
		}
	}
	close(fd);
	return status == 0 ? SS_EXIT_OK : SS_EXIT_FAILURE;
}
