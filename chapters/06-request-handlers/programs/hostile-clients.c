/* hostile-clients — four bad clients and a polite one, against
 * hostile-server, saying what happens to each.
 *
 *   hostile-clients --connect ADDRESS [--max-line BYTES]
 *
 * In turn: a polite client; one sending a line longer than the server's cap
 * (4 times --max-line, default 1024, without a newline); one that connects
 * and says nothing; one trickling a byte every 0.25 s and never a newline;
 * one that sends half a line and resets the connection. While each bad
 * client is connected, a polite client asks "hello" and reports how long its
 * answer took: the server is synchronous (chapter 5's ThreadingTCPServer
 * would answer at once), so it waits — but never longer than the server's
 * timeout. Exit status 0 if every polite client was answered, 1 if not.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "net.h"
#include "program.h"

static const char usage[] = "usage: hostile-clients --connect ADDRESS [--max-line BYTES]\n";

static const char *address;
static double started;

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Read what the server says until it closes (at most size - 1 bytes, 10 s):
 * the text, without its last newline, or "(reset)" or "(nothing)". */
static void
read_until_closed(int fd, char *text, size_t size)
{
	size_t length = 0;

	for (;;) {
		struct pollfd watch = {.fd = fd, .events = POLLIN};
		if (poll(&watch, 1, 10000) <= 0)
			break;
		ssize_t received = recv(fd, text + length, size - 1 - length, 0);
		if (received <= 0) {
			if (received == -1 && length == 0)
				snprintf(text, size, "(%s)", strerror(errno));
			if (received == -1 && length == 0)
				return;
			break;
		}
		length += (size_t)received;
		if (length == size - 1)
			break;
	}
	text[length] = '\0';
	if (length > 0 && text[length - 1] == '\n')
		text[length - 1] = '\0';
	if (length == 0)
		snprintf(text, size, "(nothing)");
}

/* ---- the polite client, in a thread ------------------------------------ */

typedef struct polite {
	pthread_t thread;
	char reply[256];
	double waited;
	bool answered;
} polite;

static void *
polite_run(void *argument)
{
	polite *p = argument;
	double start = now();
	int fd = ss_connect(address);

	p->answered = false;
	snprintf(p->reply, sizeof p->reply, "(could not connect)");
	if (fd != -1) {
		if (ss_send_all(fd, "hello\n", 6) == 6) {
			shutdown(fd, SHUT_WR);
			read_until_closed(fd, p->reply, sizeof p->reply);
			p->answered = strcmp(p->reply, "you said: hello") == 0;
		}
		close(fd);
	}
	p->waited = now() - start;
	return NULL;
}

static bool
polite_report(polite *p)
{
	pthread_join(p->thread, NULL);
	printf("  polite client: \"%s\" after %.1f s\n", p->reply, p->waited);
	return p->answered;
}

static void
polite_start(polite *p)
{
	pthread_create(&p->thread, NULL, polite_run, p);
}

/* ---- the bad ones --------------------------------------------------------- */

static int
connect_or_die(void)
{
	int fd = ss_connect(address);
	if (fd == -1) {
		fprintf(stderr, "hostile-clients: %s\n", ss_error());
		exit(SS_EXIT_FAILURE);
	}
	return fd;
}

static void
say(const char *format, const char *text)
{
	printf("[%4.1f s] ", now() - started);
	printf(format, text);
	printf("\n");
	fflush(stdout);
}

int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{"connect", required_argument, NULL, 'c'},
		{"max-line", required_argument, NULL, 'm'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	long max_line = 1024;
	int option, fd;
	bool all_answered = true;
	char text[8192];
	polite p;

	while ((option = getopt_long(argc, argv, "c:m:h", options, NULL)) != -1) {
		if (option == 'c') {
			address = optarg;
		} else if (option == 'm') {
			max_line = strtol(optarg, NULL, 10);
			if (max_line < 1 || max_line > 1000000)
				ss_usage_exit(usage);
		} else if (option == 'h') {
			fputs(usage, stdout);
			return SS_EXIT_OK;
		} else {
			ss_usage_exit(usage);
		}
	}
	if (address == NULL || optind != argc)
		ss_usage_exit(usage);
	started = now();

	say("%s", "a polite client first:");
	polite_start(&p);
	all_answered &= polite_report(&p);

	/* 1. An oversize line: four times the cap, no newline. */
	size_t oversize = 4 * (size_t)max_line;
	char *flood = malloc(oversize);
	memset(flood, 'A', oversize);
	snprintf(text, sizeof text, "oversize: sends %zu bytes without a newline", oversize);
	say("%s", text);
	fd = connect_or_die();
	ss_send_all(fd, flood, oversize);
	free(flood);
	polite_start(&p);
	read_until_closed(fd, text, sizeof text);
	close(fd);
	say("oversize: the server said \"%s\" and closed", text);
	all_answered &= polite_report(&p);

	/* 2. A client that says nothing. */
	say("%s", "silent: connects and sends nothing");
	fd = connect_or_die();
	polite_start(&p);
	read_until_closed(fd, text, sizeof text);
	close(fd);
	say("silent: the server said \"%s\" and closed", text);
	all_answered &= polite_report(&p);

	/* 3. A byte every 0.25 s, never a newline: a per-recv timeout would
	 * never fire. */
	say("%s", "trickle: sends one byte every 0.25 s, never a newline");
	fd = connect_or_die();
	polite_start(&p);
	int sent = 0;
	for (;;) {
		struct pollfd watch = {.fd = fd, .events = POLLIN};
		if (poll(&watch, 1, 250) != 0)
			break; /* the server spoke, or closed */
		if (send(fd, "z", 1, MSG_NOSIGNAL) != 1)
			break;
		sent++;
	}
	read_until_closed(fd, text, sizeof text);
	close(fd);
	char trickled[sizeof text + 64];
	snprintf(trickled, sizeof trickled, "%d bytes in, the server said \"%s\" and closed", sent, text);
	say("trickle: %s", trickled);
	all_answered &= polite_report(&p);

	/* 4. Half a line, then a reset (SO_LINGER 0: RST instead of FIN). */
	say("%s", "reset: sends half a line, then resets the connection");
	fd = connect_or_die();
	ss_send_all(fd, "half a li", 9);
	struct linger hard = {.l_onoff = 1, .l_linger = 0};
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
	close(fd);
	polite_start(&p);
	all_answered &= polite_report(&p);

	say("%s", all_answered ? "every polite client was answered" : "A POLITE CLIENT WAS NOT ANSWERED");
	return all_answered ? SS_EXIT_OK : SS_EXIT_FAILURE;
}
