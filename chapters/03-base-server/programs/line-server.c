/* line-server — chapter 3's program: a BaseServer whose requests are lines.
 *
 *   line-server [--max-line N] [--handle-request [--timeout SECONDS]]
 *
 * BaseServer knows nothing about sockets, and this program proves it: no
 * socket anywhere. LineServer, a BaseServer subclass, says where requests
 * come from — fileno is its standard input, get_request reads one line —
 * and UpperHandler answers each line, upper-cased, on standard output. All
 * the rest is BaseServer's: the loop, verify, process, finish, shutdown,
 * handle_error.
 *
 *   hello      -> HELLO
 *   (empty)    -> rejected by verify_request (so is a line over N bytes)
 *   fail       -> the handler fails: handle_error reports it, serving goes on
 *   quit       -> "bye", and the handler calls shutdown(): serve_forever ends
 *   end of input  -> get_request calls shutdown() itself
 *
 * By default it runs serve_forever; --handle-request runs Python's other
 * loop, `while not done: server.handle_request()`, where --timeout sets the
 * server's timeout attribute and handle_timeout says when it ran out.
 * SS_TRACE=1 writes every method call on stderr.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>
#include <unistd.h>

#include "base_server.h"
#include "program.h"

/*@diagram 03-serve-forever root=base_serve_forever server=LineServer handler=UpperHandler "Chapter 3: serve_forever to handle" */
/*@diagram 03-line-server root=main server=LineServer handler=UpperHandler "Chapter 3: line-server, the whole program" */
/*@diagram 03-handle-request root=base_handle_request server=LineServer handler=UpperHandler "Chapter 3: handle_request, with a timeout" */

static const char usage[] =
	"usage: line-server [--max-line N] [--handle-request [--timeout SECONDS]]\n"
	"  Serves the lines of its standard input, one request a line, and answers\n"
	"  each on standard output, upper-cased. It does not listen on any address\n"
	"  (BaseServer knows no sockets), so it prints no \"listening on\" line.\n"
	"  A line \"fail\" makes the handler fail; \"quit\" (or the end of input) stops it.\n"
	"  --max-line N        longer lines are rejected by verify_request (default 80)\n"
	"  --handle-request    loop on handle_request() instead of serve_forever()\n"
	"  --timeout SECONDS   with --handle-request: handle_request's time limit\n"
	"  SS_TRACE=1 in the environment traces every method call on stderr.\n";

/*@region line-server-class */
/* The attributes LineServer adds, and their defaults (see base_server.h:
 * one whole struct, copied into the instance by __init__). */
typedef struct line_server_attributes {
	size_t max_line;   /* longer lines are rejected by verify_request */
} line_server_attributes;

/* An instance embeds its base instance first: a line_server * is an ss_server *. */
typedef struct line_server {
	ss_server base;
	line_server_attributes attributes;
	int input, output;  /* the lines come from input; the answers go to output */
	unsigned lines;     /* lines read so far: the "client address" of the next one */
	bool done;          /* shutdown() was called: the handle_request loop ends */
} line_server;

/* One request: a line, owned by the request (freed by close_request). */
typedef struct line_request {
	char *text;         /* without its newline; at most max_line bytes kept */
	size_t length;      /* its real length, even when longer than what was kept */
} line_request;
/*@end line-server-class */

static const line_server_attributes line_server_defaults = {.max_line = 80};
extern const ss_server_class line_server_class;

static int
line_server_init(ss_server *self, const char *server_address, bool bind_and_activate)
{
	SS_TRACE("LineServer", "__init__");
	line_server *server = (line_server *)self;
	ss_server_class super;

	ss_server_super(self, &line_server_class, &super);
	if (super.init(self, server_address, bind_and_activate) == -1) /*@ -> super.init */
		return -1;
	server->attributes = *(const line_server_attributes *)self->cls->attributes;
	server->input = STDIN_FILENO;
	server->output = STDOUT_FILENO;
	return 0;
}

static int
line_server_fileno(ss_server *self)
{
	SS_TRACE("LineServer", "fileno");
	return ((line_server *)self)->input;
}

/* Read one byte, retrying EINTR unless a stop was requested: 1, 0 at the end
 * of input, -1 on an error. It waits in ss_wait_fd, where SIGINT/SIGTERM get
 * through (stop.h); a bare read() would not notice them. */
static int
read_byte(int fd, char *c)
{
	for (;;) {
		if (ss_wait_fd(fd, POLLIN, -1) == -1)
			return -1;
		ssize_t got = read(fd, c, 1);
		if (got >= 0)
			return (int)got;
		if (!ss_retry_interrupted(errno))
			return -1;
	}
}

/*@region line-get-request */
/* Python's TCPServer.get_request is `return self.socket.accept()`; ours reads
 * a line. One byte at a time: reading more could swallow the next line too,
 * and select would no longer say that it is waiting. */
static int
line_server_get_request(ss_server *self, ss_request *request, ss_address *client_address)
{
	SS_TRACE("LineServer", "get_request");
	line_server *server = (line_server *)self;
	line_request *line = calloc(1, sizeof *line);
	char c;
	int got;

	if (line == NULL || (line->text = malloc(server->attributes.max_line + 1)) == NULL) {
		free(line);
		ss_set_error("cannot read a line: out of memory");
		errno = ENOMEM;
		return -1;
	}
	while ((got = read_byte(server->input, &c)) == 1 && c != '\n') {
		if (line->length < server->attributes.max_line)
			line->text[line->length] = c;
		line->length++;
	}
	if (got == -1 || (got == 0 && line->length == 0)) {
		int saved_errno = got == 0 ? 0 : errno;
		free(line->text);
		free(line);
		if (got == 0) /* the end of input: no more requests, ever */
			self->cls->shutdown(self); /*@ -> self.shutdown [at the end of input] */
		ss_set_error("no line: %s", got == 0 ? "end of input" : strerror(saved_errno));
		errno = saved_errno;
		return -1;
	}
	line->text[line->length < server->attributes.max_line ? line->length
	                                                      : server->attributes.max_line] = '\0';
	request->data = line;

	/* Python's client_address is whatever get_request returns; a line has no
	 * address, so ours names where it came from: "stdin line 3". */
	struct sockaddr_un *name = (struct sockaddr_un *)&client_address->storage;
	memset(name, 0, sizeof *name);
	name->sun_family = AF_UNIX;
	snprintf(name->sun_path, sizeof name->sun_path, "stdin line %u", ++server->lines);
	client_address->length = (socklen_t)sizeof *name;
	return 0;
}
/*@end line-get-request */

/* Python's verify_request returns True; ours turns away empty and long lines. */
static bool
line_server_verify_request(ss_server *self, ss_request *request, const ss_address *client_address)
{
	SS_TRACE("LineServer", "verify_request");
	const line_request *line = request->data;
	size_t max_line = ((line_server *)self)->attributes.max_line;
	char from[SS_ADDRESS_TEXT_MAX];

	if (line->length > 0 && line->length <= max_line)
		return true;
	fprintf(stderr, "line-server: %s rejected: %s\n",
	        ss_address_format(client_address, from, sizeof from),
	        line->length == 0 ? "empty line" : "line too long");
	return false;
}

/* Python's TCPServer.close_request closes the connection; ours frees the line. */
static void
line_server_close_request(ss_server *self, ss_request *request)
{
	SS_TRACE("LineServer", "close_request");
	line_request *line = request->data;

	(void)self;
	if (line != NULL) {
		free(line->text);
		free(line);
		request->data = NULL;
	}
}

/*@region line-shutdown */
/* Extending a method: do our part, then call the base's — Python's
 * super().shutdown(). */
static void
line_server_shutdown(ss_server *self)
{
	SS_TRACE("LineServer", "shutdown");
	ss_server_class super;

	((line_server *)self)->done = true; /* ends the handle_request loop of main */
	ss_server_super(self, &line_server_class, &super);
	super.shutdown(self); /*@ -> super.shutdown */
}
/*@end line-shutdown */

static void
line_server_handle_timeout(ss_server *self)
{
	SS_TRACE("LineServer", "handle_timeout");
	fprintf(stderr, "line-server: no line within %g seconds\n", self->timeout);
}

/*@region line-server-table */
const ss_server_class line_server_class = {
	.name = "LineServer",
	.base = &ss_base_server,
	.instance_size = sizeof(line_server),
	.attributes = &line_server_defaults,
	.init = line_server_init,
	.fileno = line_server_fileno,
	.get_request = line_server_get_request,
	.verify_request = line_server_verify_request,
	.close_request = line_server_close_request,
	.shutdown = line_server_shutdown,
	.handle_timeout = line_server_handle_timeout,
	/* every other method: BaseServer's */
};
/*@end line-server-table */

/* Write all of it (a pipe may take less at once); EINTR is retried. */
static int
write_all(int fd, const char *data, size_t size)
{
	while (size > 0) {
		if (ss_wait_fd(fd, POLLOUT, -1) == -1) {
			ss_set_error("cannot write the answer: %s", strerror(errno));
			return -1;
		}
		ssize_t written = write(fd, data, size);
		if (written == -1 && ss_retry_interrupted(errno))
			continue;
		if (written == -1) {
			ss_set_error("cannot write the answer: %s", strerror(errno));
			return -1;
		}
		data += written;
		size -= (size_t)written;
	}
	return 0;
}

/*@region upper-handle */
static int
upper_handle(ss_handler *self)
{
	SS_TRACE("UpperHandler", "handle");
	const line_request *line = self->request->data;
	line_server *server = (line_server *)self->server;
	char answer[4096 + 2]; /* --max-line is at most 4000 */
	size_t length = 0;

	if (strcmp(line->text, "fail") == 0) {
		ss_set_error("UpperHandler.handle: the line says \"fail\"");
		return -1; /* -> finish, then the server's handle_error */
	}
	if (strcmp(line->text, "quit") == 0) {
		if (write_all(server->output, "bye\n", 4) == -1)
			return -1;
		/* On the serving thread: Python would deadlock here; ours sets the
		 * flag and serve_forever stops after this request (base_shutdown). */
		ss_shutdown(self->server); /*@ -> ss_shutdown [on "quit"] */
		return 0;
	}
	for (; length < line->length && length + 1 < sizeof answer; length++) {
		char c = line->text[length];
		answer[length] = c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
	}
	answer[length++] = '\n';
	return write_all(server->output, answer, length);
}
/*@end upper-handle */

static const ss_handler_class upper_handler = {
	.name = "UpperHandler",
	.base = &ss_base_request_handler,
	.handle = upper_handle, /* setup and finish: BaseRequestHandler's */
};

struct options {
	long max_line;     /* 0: the class default */
	bool handle_request;
	double timeout;    /* SS_NO_TIMEOUT unless --timeout */
};

static void
parse_options(int argc, char **argv, struct options *out)
{
	static const struct option options[] = {
		{"max-line", required_argument, NULL, 'm'},
		{"handle-request", no_argument, NULL, 'r'},
		{"timeout", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int option;
	char *end;

	*out = (struct options){.max_line = 0, .handle_request = false, .timeout = SS_NO_TIMEOUT};
	while ((option = getopt_long(argc, argv, "m:rt:h", options, NULL)) != -1) {
		switch (option) {
		case 'm':
			out->max_line = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || out->max_line < 1 || out->max_line > 4000)
				ss_usage_exit(usage);
			break;
		case 'r':
			out->handle_request = true;
			break;
		case 't':
			out->timeout = strtod(optarg, &end);
			if (*optarg == '\0' || *end != '\0' || !(out->timeout >= 0))
				ss_usage_exit(usage);
			break;
		case 'h':
			ss_help_exit(usage);
		default:
			ss_usage_exit(usage);
		}
	}
	if (optind != argc || (out->timeout != SS_NO_TIMEOUT && !out->handle_request))
		ss_usage_exit(usage);
}

int
main(int argc, char **argv)
{
	struct options options;
	line_server *server;
	int status;

	parse_options(argc, argv, &options);
	signal(SIGPIPE, SIG_IGN); /* a reader that has gone: EPIPE, not death */
	ss_stop_on_signals();

	server = (line_server *)ss_server_new(&line_server_class, "stdin", &upper_handler, NULL);
	if (server == NULL) {
		fprintf(stderr, "line-server: %s\n", ss_error());
		return SS_EXIT_FAILURE;
	}
	if (options.max_line > 0) /* Python: server.max_line = N, after construction */
		server->attributes.max_line = (size_t)options.max_line;
	server->base.timeout = options.timeout;

	if (options.handle_request) {
		status = 0;
		while (!server->done && status == 0 && !ss_stop_requested())
			status = ss_handle_request(&server->base); /*@ -> ss_handle_request [--handle-request: until done] */
	} else {
		status = ss_serve_forever(&server->base, 0.5); /*@ -> ss_serve_forever [by default] */
	}
	if (status == -1 && errno != EINTR) { /* EINTR: SIGINT/SIGTERM, a clean stop */
		fprintf(stderr, "line-server: %s\n", ss_error());
		ss_server_free(&server->base);
		return SS_EXIT_FAILURE;
	}
	ss_server_free(&server->base);
	return SS_EXIT_OK;
}
