/* whoami — seed 001's "who am I" handler: where does handle() run?
 *
 *   whoami --listen ADDRESS [--server TCPServer|ThreadingTCPServer|ForkingTCPServer]
 *
 * For each line a client sends, the handler answers one line telling what
 * seed 001's handler prints: the server class, the request (the connected
 * socket), the client address, the process and thread it runs on, and the
 * threads alive in that process (Python's threading.enumerate()), then
 * waits for the next line, until the client closes. It prints the same line
 * on the server's stdout. Connect two clients at once and compare:
 *
 *   TCPServer           one thread, the main one, for everybody — and the
 *                       second client waits for the first to leave
 *   ThreadingTCPServer  one process, a new thread per client
 *   ForkingTCPServer    a new process per client, each with one thread
 *
 * The answer is a line of NAME=VALUE fields, e.g.
 *   server=ThreadingTCPServer request=fd:5,127.0.0.1:9000<-127.0.0.1:40522
 *   client_address=127.0.0.1:40522 pid=4242 ppid=4100 thread=4245
 *   main_thread=no live_threads=4242,4245 handler_threads=1
 * (one line; wrapped here). thread is the kernel's thread id (gettid);
 * handler_threads is what ThreadingMixIn counts (0 for the others).
 * echo-client is a client: echo-client --connect ADDRESS "who am I?"
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "mixins.h"
#include "program.h"
#include "tcp_server.h"

static const char usage[] =
	"usage: whoami --listen ADDRESS [--server CLASS]\n"
	"  ADDRESS  host:port, [v6addr]:port or :port (port 0: any free port)\n"
	"  CLASS    TCPServer (the default), ThreadingTCPServer or ForkingTCPServer\n"
	"Answers each line a client sends with where its handler runs.\n";

/* The thread ids of this process, as "1,2,3" (Linux: /proc/self/task), in
 * the order the kernel lists them. */
static void
list_live_threads(char *text, size_t size)
{
	DIR *tasks = opendir("/proc/self/task");
	struct dirent *entry;
	size_t used = 0;

	text[0] = '\0';
	if (tasks == NULL)
		return;
	while ((entry = readdir(tasks)) != NULL && used < size) {
		if (entry->d_name[0] == '.')
			continue;
		int n = snprintf(text + used, size - used, "%s%s", used ? "," : "", entry->d_name);
		if (n < 0)
			break;
		used += (size_t)n;
	}
	closedir(tasks);
}

/*@region whoami-report */
/* Seed 001's five prints, as one line. */
static int
report(ss_handler *self, char *line, size_t size)
{
	char local[SS_ADDRESS_TEXT_MAX], client[SS_ADDRESS_TEXT_MAX], threads[512];
	ss_address bound;
	long thread = (long)syscall(SYS_gettid);

	if (ss_socket_local_address(self->request->fd, &bound) == -1)
		return -1;
	ss_address_format(&bound, local, sizeof local);
	ss_address_format(&self->client_address, client, sizeof client);
	list_live_threads(threads, sizeof threads);
	int length = snprintf(line, size,
	         "server=%s request=fd:%d,%s<-%s client_address=%s pid=%ld ppid=%ld thread=%ld "
	         "main_thread=%s live_threads=%s handler_threads=%zu\n",
	         self->server->type->name, self->request->fd, local, client, client,
	         (long)getpid(), (long)getppid(), thread, thread == (long)getpid() ? "yes" : "no",
	         threads, ss_threading_live_threads(self->server));
	if (length < 0 || (size_t)length >= size) {
		ss_set_error("the report does not fit in %zu bytes", size);
		return -1;
	}
	return 0;
}
/*@end whoami-report */

/* Wait for the next line from the client, discarding it: 1; 0 when it
 * closed; -1 on an error or a stop (seen within half a second). */
static int
next_question(int connection)
{
	char c;

	for (;;) {
		int ready = ss_wait_fd(connection, POLLIN, 500);
		if (ready == -1)
			return -1;
		if (ready == 0)
			continue;
		ssize_t received = ss_recv(connection, &c, 1);
		if (received <= 0)
			return (int)received;
		if (c == '\n')
			return 1;
	}
}

static int
whoami_handle(ss_handler *self)
{
	SS_TRACE("WhoAmIHandler", "handle");
	char line[1024];
	int got;

	while ((got = next_question(self->request->fd)) == 1) {
		if (report(self, line, sizeof line) == -1 ||
		    ss_send_all(self->request->fd, line, strlen(line)) == -1)
			return -1;
		fputs(line, stdout);
		fflush(stdout);
	}
	return got == 0 || ss_stop_requested() ? 0 : -1;
}

static const ss_handler_class whoami_handler = {
	.name = "WhoAmIHandler",
	.base = &ss_base_request_handler,
	.handle = whoami_handle,
};

static const ss_server_class *const server_classes[] = {
	&ss_tcp_server,
	&ss_threading_tcp_server,
	&ss_forking_tcp_server,
};

int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{"listen", required_argument, NULL, 'l'},
		{"server", required_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *listen_address = NULL, *class_name = "TCPServer";
	const ss_server_class *server_class = NULL;
	int option, status = SS_EXIT_OK;

	while ((option = getopt_long(argc, argv, "l:s:h", options, NULL)) != -1) {
		if (option == 'l') {
			listen_address = optarg;
		} else if (option == 's') {
			class_name = optarg;
		} else if (option == 'h') {
			fputs(usage, stdout);
			return SS_EXIT_OK;
		} else {
			ss_usage_exit(usage);
		}
	}
	if (listen_address == NULL || optind != argc)
		ss_usage_exit(usage);
	for (size_t i = 0; i < sizeof server_classes / sizeof server_classes[0]; i++)
		if (strcmp(server_classes[i]->name, class_name) == 0)
			server_class = server_classes[i];
	if (server_class == NULL) {
		fprintf(stderr, "whoami: unknown server class '%s'\n", class_name);
		ss_usage_exit(usage);
	}

	ss_stop_on_signals();
	ss_server *server = ss_server_new(server_class, listen_address, &whoami_handler, NULL);
	if (server == NULL) {
		fprintf(stderr, "whoami: %s\n", ss_error());
		return SS_EXIT_FAILURE;
	}
	printf("listening on %s\n", server->server_address);
	fflush(stdout);
	if (ss_serve_forever(server, 0.5) == -1 && errno != EINTR) {
		fprintf(stderr, "whoami: %s\n", ss_error());
		status = SS_EXIT_FAILURE;
	}
	ss_server_free(server);
	return status;
}
