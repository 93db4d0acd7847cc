/* bench-epoll-echo — a bare one-thread epoll line echo: the machine's limit.
 *
 *   bench-epoll-echo --listen ADDRESS [--backlog N]
 *
 * One thread, non-blocking sockets, one epoll set: no thread or process is
 * created per connection and no thread waits per request, so what remains
 * is the system calls an echo cannot do without (epoll_wait, recv, send;
 * accept and close for a new connection). Chapter 8 states every design as
 * a multiple of this program's rate measured in the same run.
 *
 * Stop: SIGINT/SIGTERM call _exit(0) from the handler (see
 * bench-iterative-echo.c for why a reference may do that).
 */
#define _GNU_SOURCE /* accept4 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "net.h"
#include "program.h"

static const char usage[] = "usage: bench-epoll-echo --listen ADDRESS [--backlog N]\n"
                            "  ADDRESS  host:port or [v6addr]:port (port 0: any free port)\n"
                            "  N        the listen queue's length (default 1024)\n";

/* A connection: bytes received and not yet echoed; those up to the last
 * newline (complete) are being sent, from sent on. */
typedef struct connection {
	int fd;
	size_t held, complete, sent;
	char data[16384];
} connection;

static int epoll_fd;

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

static void
drop(connection *c)
{
	close(c->fd); /* closing also removes it from the epoll set */
	free(c);
}

/* Send what is complete; 1 all sent, 0 the socket is full, -1 failed. */
static int
flush(connection *c)
{
	while (c->sent < c->complete) {
		ssize_t s = send(c->fd, c->data + c->sent, c->complete - c->sent, MSG_NOSIGNAL);
		if (s == -1)
			return errno == EAGAIN ? 0 : -1;
		c->sent += (size_t)s;
	}
	memmove(c->data, c->data + c->complete, c->held - c->complete);
	c->held -= c->complete;
	c->complete = c->sent = 0;
	return 1;
}

/* The connection is readable or writable: read lines, echo them. While an
 * echo is stuck (the client reads slowly) it waits for EPOLLOUT, not input. */
static void
serve(connection *c, unsigned events)
{
	if (c->complete > 0) {
		int flushed = flush(c);
		if (flushed == -1) {
			drop(c);
			return;
		}
		if (flushed == 0)
			return;
		struct epoll_event e = {.events = EPOLLIN, .data.ptr = c};
		epoll_ctl(epoll_fd, EPOLL_CTL_MOD, c->fd, &e);
	}
	if (!(events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
		return;
	ssize_t n = recv(c->fd, c->data + c->held, sizeof c->data - c->held, 0);
	if (n == -1 && errno == EAGAIN)
		return;
	if (n <= 0) {
		drop(c);
		return;
	}
	c->held += (size_t)n;
	size_t lines = c->held;
	while (lines > 0 && c->data[lines - 1] != '\n')
		lines--;
	if (lines == 0 && c->held == sizeof c->data)
		lines = c->held; /* a line longer than the buffer: echo what we have */
	if (lines == 0)
		return;
	c->complete = lines;
	int flushed = flush(c);
	if (flushed == -1) {
		drop(c);
	} else if (flushed == 0) {
		struct epoll_event e = {.events = EPOLLOUT, .data.ptr = c};
		epoll_ctl(epoll_fd, EPOLL_CTL_MOD, c->fd, &e);
	}
}

static void
accept_all(int listener)
{
	for (;;) {
		int fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd == -1) {
			if (errno == EMFILE || errno == ENFILE) /* let an fd come back */
				nanosleep(&(struct timespec){.tv_nsec = 10000000}, NULL);
			return;
		}
		connection *c = malloc(sizeof *c);
		if (c == NULL) {
			close(fd);
			continue;
		}
		c->fd = fd;
		c->held = c->complete = c->sent = 0;
		struct epoll_event e = {.events = EPOLLIN, .data.ptr = c};
		if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &e) == -1)
			drop(c);
	}
}

int
main(int argc, char **argv)
{
	int backlog;
	const char *address = parse_arguments(argc, argv, &backlog);
	int listener = ss_listen(address, backlog, true, NULL);
	struct epoll_event events[256];

	if (listener == -1) {
		fprintf(stderr, "bench-epoll-echo: %s\n", ss_error());
		return SS_EXIT_FAILURE;
	}
	epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	struct epoll_event e = {.events = EPOLLIN, .data.ptr = NULL}; /* NULL: the listener */
	if (epoll_fd == -1 || epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listener, &e) == -1 ||
	    fcntl(listener, F_SETFL, fcntl(listener, F_GETFL) | O_NONBLOCK) == -1) {
		fprintf(stderr, "bench-epoll-echo: cannot set up epoll: %s\n", strerror(errno));
		return SS_EXIT_FAILURE;
	}
	signal(SIGINT, exit_at_once);
	signal(SIGTERM, exit_at_once);
	ss_announce_listening(listener);
	for (;;) {
		int n = epoll_wait(epoll_fd, events, 256, -1);
		for (int i = 0; i < n; i++) {
			if (events[i].data.ptr == NULL)
				accept_all(listener);
			else
				serve(events[i].data.ptr, events[i].events);
		}
	}
}
