/* select-terminal — the seeds' "select watches the terminal", with a socket.
 *
 *   select-terminal --listen ADDRESS
 *
 * One loop watches the keyboard (stdin) and the network at once: a line you
 * type is sent to every connected client; a line a client sends is printed
 * as "ADDRESS: line". Neither waits for the other — select() says which one
 * has something. stdin is an fd like any socket; when it ends (Ctrl-D, or the
 * end of a pipe), the loop stops watching it and goes on serving the clients.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net.h"
#include "program.h"
#include "selector.h"

static const char usage[] = "usage: select-terminal --listen ADDRESS\n"
                            "  lines typed on stdin go to every client; lines clients send are printed\n";

enum { LINE_SIZE = 1024, READY_MAX = 32 };

typedef struct peer {
	int fd;
	char name[SS_ADDRESS_TEXT_MAX];
	char line[LINE_SIZE]; /* the start of a line it is sending */
	size_t length;
	bool gone;            /* closed at the end of the round, not while ready[] names it */
	struct peer *next;
} peer;

typedef struct terminal {
	ss_selector *selector;
	int listener;
	peer *peers;
} terminal;

/* What was typed goes to every client. A client that cannot take it at once
 * — its socket buffer is full, it does not read — is dropped: this loop has
 * no time to wait for it, and no buffer to keep it in (select-echo has). */
static void
broadcast(terminal *t, const char *text, size_t length)
{
	for (peer *p = t->peers; p != NULL; p = p->next) {
		ssize_t sent = p->gone ? 0 : send(p->fd, text, length, MSG_NOSIGNAL | MSG_DONTWAIT);

		if (!p->gone && sent != (ssize_t)length) {
			fprintf(stderr, "client %s dropped: it does not keep up\n", p->name);
			p->gone = true;
		}
	}
}

static void
read_terminal(terminal *t)
{
	char text[LINE_SIZE];
	ssize_t got = read(STDIN_FILENO, text, sizeof text);

	if (got > 0) {
		broadcast(t, text, (size_t)got);
	} else if (got == 0 || errno != EINTR) { /* end of input: serve on without it */
		ss_selector_unregister(t->selector, STDIN_FILENO);
		fprintf(stderr, "stdin closed; still serving the clients\n");
	}
}

/* A client sent something: print its complete lines. */
static void
read_peer(peer *p)
{
	ssize_t got = ss_recv(p->fd, p->line + p->length, sizeof p->line - p->length);
	char *newline;

	if (got <= 0) {
		if (got == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		fprintf(stderr, "client %s left\n", p->name);
		p->gone = true;
		return;
	}
	p->length += (size_t)got;
	while ((newline = memchr(p->line, '\n', p->length)) != NULL ||
	       p->length == sizeof p->line) {
		size_t end = newline != NULL ? (size_t)(newline - p->line) + 1 : p->length;

		printf("%s: %.*s\n", p->name, (int)(newline != NULL ? end - 1 : end), p->line);
		memmove(p->line, p->line + end, p->length - end);
		p->length -= end;
	}
	fflush(stdout);
}

static void
accept_peer(terminal *t)
{
	ss_address address;
	peer *p;
	int fd = ss_accept(t->listener, &address);

	if (fd == -1)
		return; /* EAGAIN: it gave up; EINTR: we are stopping */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	p = calloc(1, sizeof *p);
	if (p == NULL || ss_selector_register(t->selector, fd, SS_EVENT_READ, p) == -1) {
		free(p);
		close(fd);
		return;
	}
	p->fd = fd;
	ss_address_format(&address, p->name, sizeof p->name);
	p->next = t->peers;
	t->peers = p;
	fprintf(stderr, "client %s connected\n", p->name);
}

/* Close the clients marked gone in this round. */
static void
sweep(terminal *t, bool all)
{
	peer **link = &t->peers;

	while (*link != NULL) {
		peer *p = *link;

		if (p->gone || all) {
			*link = p->next;
			ss_selector_unregister(t->selector, p->fd);
			close(p->fd);
			free(p);
		} else {
			link = &p->next;
		}
	}
}

int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{"listen", required_argument, NULL, 'l'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *address = NULL;
	terminal t = {0};
	ss_selector_ready ready[READY_MAX];
	int option, status = SS_EXIT_OK;

	while ((option = getopt_long(argc, argv, "l:h", options, NULL)) != -1) {
		if (option == 'h')
			ss_help_exit(usage);
		if (option != 'l')
			ss_usage_exit(usage);
		address = optarg;
	}
	if (address == NULL || optind != argc)
		ss_usage_exit(usage);

	ss_stop_on_signals();
	t.listener = ss_listen(address, SOMAXCONN, false, NULL);
	if (t.listener == -1) {
		fprintf(stderr, "select-terminal: %s\n", ss_error());
		return SS_EXIT_FAILURE;
	}
	fcntl(t.listener, F_SETFL, fcntl(t.listener, F_GETFL) | O_NONBLOCK);
	t.selector = ss_selector_new(ss_default_selector);
	if (t.selector == NULL ||
	    ss_selector_register(t.selector, t.listener, SS_EVENT_READ, NULL) == -1 ||
	    ss_selector_register(t.selector, STDIN_FILENO, SS_EVENT_READ, NULL) == -1) {
		fprintf(stderr, "select-terminal: %s\n", ss_error());
		ss_selector_free(t.selector);
		close(t.listener);
		return SS_EXIT_FAILURE;
	}
	ss_announce_listening(t.listener);

	/*@region terminal-loop */
	while (!ss_stop_requested()) {
		int n = ss_selector_select(t.selector, -1, ready, READY_MAX);

		if (n == -1) {
			status = errno == EINTR ? SS_EXIT_OK : SS_EXIT_FAILURE;
			break;
		}
		for (int i = 0; i < n; i++) {
			if (ready[i].fd == STDIN_FILENO)
				read_terminal(&t); /* the keyboard */
			else if (ready[i].fd == t.listener)
				accept_peer(&t); /* a new client */
			else if (!((peer *)ready[i].data)->gone)
				read_peer(ready[i].data); /* a client said something */
		}
		sweep(&t, false);
	}
	/*@end terminal-loop */

	if (status != SS_EXIT_OK)
		fprintf(stderr, "select-terminal: %s\n", ss_error());
	sweep(&t, true);
	ss_selector_free(t.selector);
	close(t.listener);
	return status;
}
