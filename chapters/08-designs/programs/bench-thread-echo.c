/* bench-thread-echo — a bare thread-per-connection line echo: a reference.
 *
 *   bench-thread-echo --listen ADDRESS [--backlog N]
 *
 * The main thread accepts; each connection gets a new detached thread that
 * recv()s and send()s its lines back with plain blocking calls until the
 * client closes. What our ThreadingTCPServer costs above bare threads is
 * measured against this program.
 *
 * Stop: SIGINT/SIGTERM call _exit(0) from the handler (see
 * bench-iterative-echo.c for why a reference may do that).
 */
#define _GNU_SOURCE /* accept4 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "net.h"
#include "program.h"

static const char usage[] = "usage: bench-thread-echo --listen ADDRESS [--backlog N]\n"
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

/* One connection's thread: echo each complete line until the client closes. */
static void *
echo_lines(void *argument)
{
	int client = (int)(intptr_t)argument;
	char buffer[16384];
	size_t held = 0;

	for (;;) {
		ssize_t n = recv(client, buffer + held, sizeof buffer - held, 0);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		held += (size_t)n;
		size_t lines = held;
		while (lines > 0 && buffer[lines - 1] != '\n')
			lines--;
		if (lines == 0 && held < sizeof buffer)
			continue;
		if (lines == 0)
			lines = held; /* a line longer than the buffer: echo what we have */
		size_t sent = 0;
		while (sent < lines) {
			ssize_t s = send(client, buffer + sent, lines - sent, MSG_NOSIGNAL);
			if (s == -1 && errno != EINTR)
				break;
			if (s > 0)
				sent += (size_t)s;
		}
		if (sent < lines)
			break;
		memmove(buffer, buffer + lines, held - lines);
		held -= lines;
	}
	close(client);
	return NULL;
}

int
main(int argc, char **argv)
{
	int backlog;
	const char *address = parse_arguments(argc, argv, &backlog);
	int listener = ss_listen(address, backlog, true, NULL);
	pthread_attr_t detached;

	if (listener == -1) {
		fprintf(stderr, "bench-thread-echo: %s\n", ss_error());
		return SS_EXIT_FAILURE;
	}
	signal(SIGINT, exit_at_once);
	signal(SIGTERM, exit_at_once);
	pthread_attr_init(&detached);
	pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED);
	ss_announce_listening(listener);
	for (;;) {
		pthread_t thread;
		int client = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
		if (client == -1) {
			if (errno == EMFILE || errno == ENFILE) /* wait for an fd to come back */
				nanosleep(&(struct timespec){.tv_nsec = 10000000}, NULL);
			continue;
		}
		int error = pthread_create(&thread, &detached, echo_lines, (void *)(intptr_t)client);
		if (error != 0) {
			fprintf(stderr, "bench-thread-echo: cannot start a thread: %s\n", strerror(error));
			close(client);
		}
	}
}
