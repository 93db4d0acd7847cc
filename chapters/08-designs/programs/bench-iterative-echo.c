/* bench-iterative-echo — the bare iterative line echo: a reference, not a lesson.
 *
 *   bench-iterative-echo --listen ADDRESS [--backlog N]
 *
 * What our synchronous TCPServer would cost if it were nothing but the
 * system calls it needs: accept a client, then recv and send its lines back
 * (blocking calls, no wait before them) until it closes, then the next.
 * Chapter 8's benchmark divides TCPServer's server CPU per request by this
 * program's.
 *
 * Its stop is the cheapest safe one: SIGINT/SIGTERM run a handler that calls
 * _exit(0). A reference holds nothing the kernel does not reclaim, so there
 * is no flag to check and no race between a check and a blocking call.
 */
#define _GNU_SOURCE /* accept4 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "net.h"
#include "program.h"

static const char usage[] = "usage: bench-iterative-echo --listen ADDRESS [--backlog N]\n"
                            "  ADDRESS  host:port or [v6addr]:port (port 0: any free port)\n"
                            "  N        the listen queue's length (default 1024)\n";

static void
exit_at_once(int signal_number)
{
	(void)signal_number;
	_exit(SS_EXIT_OK);
}

static const char *
parse_arguments(int argc, char **argv, int *backlog)
{
	static const struct option options[] = {
		{"listen", required_argument, NULL, 'l'},
		{"backlog", required_argument, NULL, 'b'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *address = NULL;
	int option;
	char *end;

	*backlog = 1024;
	while ((option = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (option == 'l') {
			address = optarg;
		} else if (option == 'b') {
			*backlog = (int)strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || *backlog < 1)
				ss_usage_exit(usage);
		} else if (option == 'h') {
			fputs(usage, stdout);
			exit(SS_EXIT_OK);
		} else {
			ss_usage_exit(usage);
		}
	}
	if (address == NULL || optind != argc)
		ss_usage_exit(usage);
	return address;
}

/* Echo each complete line; a partial one waits for its end (or the buffer's). */
static void
echo_lines(int client)
{
	char buffer[16384];
	size_t held = 0;

	for (;;) {
		ssize_t n = recv(client, buffer + held, sizeof buffer - held, 0);
		if (n <= 0 && !(n == -1 && errno == EINTR))
			return;
		if (n <= 0)
			continue;
		held += (size_t)n;
		size_t lines = held;
		while (lines > 0 && buffer[lines - 1] != '\n')
			lines--;
		if (lines == 0 && held < sizeof buffer)
			continue;
		if (lines == 0)
			lines = held; /* a line longer than the buffer: echo what we have */
		for (size_t sent = 0; sent < lines;) {
			ssize_t s = send(client, buffer + sent, lines - sent, MSG_NOSIGNAL);
			if (s == -1 && errno != EINTR)
				return;
			if (s > 0)
				sent += (size_t)s;
		}
		memmove(buffer, buffer + lines, held - lines);
		held -= lines;
	}
}

int
main(int argc, char **argv)
{
	int backlog;
	const char *address = parse_arguments(argc, argv, &backlog);
	int listener = ss_listen(address, backlog, true, NULL);

	if (listener == -1) {
		fprintf(stderr, "bench-iterative-echo: %s\n", ss_error());
		return SS_EXIT_FAILURE;
	}
	signal(SIGINT, exit_at_once);
	signal(SIGTERM, exit_at_once);
	ss_announce_listening(listener);
	for (;;) {
		int client = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
		if (client == -1) {
			if (errno == EMFILE || errno == ENFILE) /* wait for an fd to come back */
				nanosleep(&(struct timespec){.tv_nsec = 10000000}, NULL);
			continue;
		}
		echo_lines(client);
		close(client);
	}
}
