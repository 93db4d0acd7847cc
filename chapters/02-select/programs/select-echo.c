/* select-echo — chapter 2's server: one thread, many clients.
 *
 *   select-echo --listen ADDRESS [--backend select|poll] [--slow-requests]
 *
 * One loop, one thread: the listening socket and every client sit in a
 * selector; each time round, the loop asks which of them are ready and does
 * for each only what will not block — accept the waiting connections, read
 * what a client sent, write what the socket has room for. A client's replies
 * wait in its own buffer until its socket is writable, so a client that does
 * not read never makes the server wait.
 *
 * The limit, shown with --slow-requests: a line "sleep N" is a request that
 * takes N seconds (a slow query, a long computation). It runs in the loop's
 * one thread, and for those N seconds no other client gets anything.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "net.h"
#include "program.h"
#include "selector.h"

/*@diagram 02-select-echo root=main "Chapter 2: select-echo, one thread for many clients" */

static const char usage[] =
	"usage: select-echo --listen ADDRESS [--backend select|poll] [--slow-requests]\n"
	"  ADDRESS          host:port, [v6addr]:port or :port (port 0: any free port)\n"
	"  --backend        the selector: poll (the default) or select\n"
	"  --slow-requests  a line \"sleep N\" sleeps N seconds before its echo\n";

enum {
	INPUT_SIZE = 4096,   /* received, not yet handled: at most one line */
	OUTPUT_SIZE = 16384, /* replies not yet sent; >= INPUT_SIZE */
	READY_MAX = 64,      /* ready fds handled per round */
	ACCEPT_MAX = 16,     /* connections accepted per round */
};

/*@region client-state */
/* A client, as the loop knows it between rounds. */
typedef struct client {
	int fd;
	char name[SS_ADDRESS_TEXT_MAX];
	char in[INPUT_SIZE];    /* received, waiting for the end of its line */
	size_t in_length;
	char out[OUTPUT_SIZE];  /* replies, waiting for the socket to take them */
	size_t out_length;
	bool peer_closed;       /* it sent EOF: send what is left, then close */
	struct client *prev, *next; /* every client, to close them all at the end */
} client;
/*@end client-state */

typedef struct server {
	ss_selector *selector;
	int listener;
	bool slow_requests;
	client *clients;
	int client_count;
} server;

static void
set_nonblocking(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

/* A slow request: "sleep N" keeps the one thread busy for N seconds (at most
 * 10), as a slow query would. Even SIGTERM waits for it: outside the
 * selector's wait the stop signals are blocked (stop.h). */
static void
slow_request(client *c, const char *line, size_t length)
{
	char text[32], *end;
	double seconds;
	struct timespec left;

	if (length < 7 || length >= sizeof text || memcmp(line, "sleep ", 6) != 0)
		return;
	memcpy(text, line, length);
	text[length] = '\0';
	seconds = strtod(text + 6, &end);
	if (end == text + 6 || !(seconds > 0))
		return;
	if (seconds > 10)
		seconds = 10;
	fprintf(stderr, "client %s: a slow request, sleeping %g s: every other client waits\n",
	        c->name, seconds);
	left.tv_sec = (time_t)seconds;
	left.tv_nsec = (long)((seconds - (double)left.tv_sec) * 1e9);
	while (nanosleep(&left, &left) == -1 && ss_retry_interrupted(errno)) /*@ -> nanosleep [sleep N] */
		;
}

/*@region handle-input */
/* The request handler: a line in, its reply out — the same line. */
static void
handle_line(server *srv, client *c, const char *line, size_t length)
{
	if (srv->slow_requests)
		slow_request(c, line, length); /*@ -> slow_request [--slow-requests] */
	memcpy(c->out + c->out_length, line, length);
	c->out_length += length;
}

/* Handle the complete lines received, as long as their replies fit in out[];
 * the rest waits in in[] until out[] drains. A line too long for in[] is
 * handled in pieces; at EOF the unfinished last line is handled as it is. */
static void
handle_input(server *srv, client *c)
{
	size_t start = 0;

	for (;;) {
		char *line = c->in + start;
		size_t left = c->in_length - start;
		char *newline = memchr(line, '\n', left);
		size_t length;

		if (newline != NULL)
			length = (size_t)(newline - line) + 1;
		else if (left == sizeof c->in || (c->peer_closed && left > 0))
			length = left;
		else
			break; /* the rest of the line has not arrived yet */
		if (length > sizeof c->out - c->out_length)
			break; /* no room for the reply: after the next send */
		handle_line(srv, c, line, length); /*@ -> handle_line [each complete line] */
		start += length;
	}
	memmove(c->in, c->in + start, c->in_length - start);
	c->in_length -= start;
}
/*@end handle-input */

/* Read what the client sent. false: the connection failed (a reset). */
static bool
receive_input(client *c)
{
	/* READ is only watched while in[] has room, so the size is never 0. */
	ssize_t received = ss_recv(c->fd, c->in + c->in_length, sizeof c->in - c->in_length);

	if (received > 0)
		c->in_length += (size_t)received;
	else if (received == 0)
		c->peer_closed = true;
	else if (errno != EAGAIN && errno != EWOULDBLOCK) {
		fprintf(stderr, "client %s: %s\n", c->name, ss_error());
		return false;
	}
	return true;
}

/* Send as much of out[] as the socket takes now — maybe all, maybe a part,
 * maybe nothing — and keep the rest for the next time it is writable. The
 * socket is non-blocking: send() never waits for a slow reader. */
static bool
send_output(client *c)
{
	/* MSG_NOSIGNAL: a client that has gone gives EPIPE, not a deadly SIGPIPE. */
	ssize_t sent = send(c->fd, c->out, c->out_length, MSG_NOSIGNAL); /*@ -> send [what fits] */

	if (sent == -1) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return true; /* no room after all: wait for the next WRITE */
		fprintf(stderr, "client %s: cannot send: %s\n", c->name, strerror(errno));
		return false;
	}
	memmove(c->out, c->out + sent, c->out_length - (size_t)sent);
	c->out_length -= (size_t)sent;
	return true;
}

/* What to wait for next. READ only while in[] has room: a client that sends
 * but does not read fills out[], then in[], and is no longer read from until
 * it reads its replies — so memory stays bounded. WRITE only while there is
 * something to send: a socket is writable nearly always, and watching it for
 * nothing would wake the loop at once, every time. */
static int
wanted_events(const client *c)
{
	int events = 0;

	if (!c->peer_closed && c->in_length < sizeof c->in)
		events |= SS_EVENT_READ;
	if (c->out_length > 0)
		events |= SS_EVENT_WRITE;
	return events;
}

static void
close_client(server *srv, client *c)
{
	ss_selector_unregister(srv->selector, c->fd); /*@ -> ss_selector_unregister [first] */
	close(c->fd);
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		srv->clients = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	srv->client_count--;
	free(c);
}

/* One ready client: do what its events allow, then say what to wait for. */
static void
serve_client(server *srv, client *c, int events)
{
	bool ok = true;

	if (events & SS_EVENT_READ)
		ok = receive_input(c); /*@ -> receive_input [READ] */
	if (ok && (events & SS_EVENT_WRITE))
		ok = send_output(c); /*@ -> send_output [WRITE] */
	if (ok)
		handle_input(srv, c);
	events = ok ? wanted_events(c) : 0;
	if (events == 0) { /* it failed, or it closed and has got all its replies */
		char name[sizeof c->name];
		snprintf(name, sizeof name, "%s", c->name);
		close_client(srv, c); /*@ -> close_client [done] */
		/* Said after the close, so that whoever reads it finds the fd gone. */
		fprintf(stderr, "client %s %s\n", name, ok ? "left" : "dropped");
		return;
	}
	ss_selector_modify(srv->selector, c->fd, events, c); /*@ -> ss_selector_modify [what it waits for now] */
}

/* The listening socket is readable: take the waiting connections, each into
 * the selector. The listener is non-blocking, so when a client gave up
 * between select and accept, accept says EAGAIN rather than waiting. */
static void
accept_clients(server *srv)
{
	for (int i = 0; i < ACCEPT_MAX; i++) {
		ss_address peer;
		client *c;
		int fd = ss_accept(srv->listener, &peer);

		if (fd == -1) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				fprintf(stderr, "select-echo: %s\n", ss_error());
			return; /* none left (or EMFILE: ss_accept closed one, try next round) */
		}
		set_nonblocking(fd); /* its reads and writes must not wait either */
		c = calloc(1, sizeof *c);
		if (c == NULL || ss_selector_register(srv->selector, fd, SS_EVENT_READ, c) == -1) {
			/* e.g. fd >= FD_SETSIZE with --backend select */
			fprintf(stderr, "select-echo: %s\n", c ? ss_error() : strerror(errno));
			free(c);
			close(fd);
			continue;
		}
		c->fd = fd;
		ss_address_format(&peer, c->name, sizeof c->name);
		c->next = srv->clients;
		if (c->next != NULL)
			c->next->prev = c;
		srv->clients = c;
		srv->client_count++;
		fprintf(stderr, "client %s connected (clients: %d)\n", c->name, srv->client_count);
	}
}

static void
parse_options(int argc, char **argv, const char **address, const ss_selector_class **backend,
              bool *slow_requests)
{
	static const struct option options[] = {
		{"listen", required_argument, NULL, 'l'},
		{"backend", required_argument, NULL, 'b'},
		{"slow-requests", no_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int option;

	*address = NULL;
	*backend = ss_default_selector;
	*slow_requests = false;
	while ((option = getopt_long(argc, argv, "l:b:sh", options, NULL)) != -1) {
		if (option == 'l')
			*address = optarg;
		else if (option == 'b' && strcmp(optarg, "poll") == 0)
			*backend = &ss_poll_selector;
		else if (option == 'b' && strcmp(optarg, "select") == 0)
			*backend = &ss_select_selector;
		else if (option == 's')
			*slow_requests = true;
		else if (option == 'h')
			ss_help_exit(usage);
		else
			ss_usage_exit(usage);
	}
	if (*address == NULL || optind != argc)
		ss_usage_exit(usage);
}

int
main(int argc, char **argv)
{
	const char *address;
	const ss_selector_class *backend;
	server srv = {0};
	ss_selector_ready ready[READY_MAX];
	int status = SS_EXIT_OK;

	parse_options(argc, argv, &address, &backend, &srv.slow_requests);
	ss_stop_on_signals();
	srv.listener = ss_listen(address, SOMAXCONN, false, NULL);
	if (srv.listener == -1) {
		fprintf(stderr, "select-echo: %s\n", ss_error());
		return SS_EXIT_FAILURE;
	}
	set_nonblocking(srv.listener);
	srv.selector = ss_selector_new(backend); /*@ -> ss_selector_new [--backend] */
	if (srv.selector == NULL ||
	    ss_selector_register(srv.selector, srv.listener, SS_EVENT_READ, NULL) == -1) {
		fprintf(stderr, "select-echo: %s\n", ss_error());
		close(srv.listener);
		ss_selector_free(srv.selector);
		return SS_EXIT_FAILURE;
	}
	ss_announce_listening(srv.listener);
	fprintf(stderr, "select-echo: one thread, the %s backend\n",
	        ss_selector_backend_name(srv.selector));

	/*@region event-loop */
	while (!ss_stop_requested()) {
		/* No time limit: nothing is to be done until an fd is ready, and
		 * a stop signal ends the wait itself (-1/EINTR; see stop.h). */
		int n = ss_selector_select(srv.selector, -1, ready, READY_MAX);

		if (n == -1) {
			if (errno == EINTR) /* SIGINT/SIGTERM: stop requested */
				break;
			fprintf(stderr, "select-echo: %s\n", ss_error());
			status = SS_EXIT_FAILURE;
			break;
		}
		for (int i = 0; i < n; i++) {
			if (ready[i].fd == srv.listener)
				accept_clients(&srv); /*@ -> accept_clients [the listener is readable] */
			else
				serve_client(&srv, ready[i].data, ready[i].events); /*@ -> serve_client [a client is ready] */
		}
	}
	/*@end event-loop */

	while (srv.clients != NULL)
		close_client(&srv, srv.clients);
	ss_selector_free(srv.selector);
	close(srv.listener);
	return status;
}
