/* voice-menu — seed 000's 10086 voice menu: a caller hears the menu,
 * answers "0" for the recording notice, anything else to be asked again,
 * "exit" to hang up. Several callers at once.
 *
 *   voice-menu --listen ADDRESS [--server TCPServer|ThreadingTCPServer|ForkingTCPServer]
 *   voice-menu --listen ADDRESS --by-hand
 *
 * The same conversation, served two ways, as the seed shows it:
 *  --by-hand  the seed's "simplified socketserver", written by hand on
 *             chapters 1 and 2 only: select() on the listening socket,
 *             accept, and one thread per caller, counted and waited for.
 *  --server   a server class of the library (ThreadingTCPServer unless
 *             told otherwise): the mix-in does all of that. TCPServer makes
 *             the second caller wait; ForkingTCPServer answers each call in
 *             a process of its own (the seed's last variation).
 * voice-menu-client is the caller.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mixins.h"
#include "net.h"
#include "program.h"
#include "selector.h"

static const char usage[] =
	"usage: voice-menu --listen ADDRESS [--server CLASS | --by-hand]\n"
	"  ADDRESS  host:port, [v6addr]:port or :port (port 0: any free port)\n"
	"  CLASS    TCPServer, ThreadingTCPServer (the default) or ForkingTCPServer\n"
	"  --by-hand  no server class: select, accept and a thread per caller, by hand\n"
	"Each caller gets the 10086 voice menu of seed 000.\n";

/* ---- the conversation ----------------------------------------------------- */

/* The seed's strings; each reply is one line, so a client knows where it ends. */
static const char greeting[] = "欢迎致电 10086,请输入1xxx,0转人工服务.\n";
static const char recording_notice[] = "通过可能会被录音.balabala一大推\n";
static const char please_reenter[] = "请重新输入.\n";

/* Receive one line, without its "\n" (or "\r\n"), into line: 1; 0 when the
 * caller hung up; -1 on an error, or once a stop is requested. It waits in
 * slices of half a second, so a SIGINT caught by any other thread is seen
 * here too. A line longer than size - 1 comes back in pieces. */
static int
receive_line(int connection, char *line, size_t size)
{
	size_t length = 0;

	while (length + 1 < size) {
		char c;
		int ready = ss_wait_fd(connection, POLLIN, 500);
		if (ready == -1)
			return -1;
		if (ready == 0)
			continue;
		ssize_t received = ss_recv(connection, &c, 1);
		if (received <= 0)
			return (int)received;
		if (c == '\n')
			break;
		line[length++] = c;
	}
	if (length > 0 && line[length - 1] == '\r')
		length--;
	line[length] = '\0';
	return 1;
}

/* One call, until the caller says "exit" or hangs up: 0, or -1 on an error. */
static int
voice_menu(int connection)
{
	char line[1024];
	int got;

	if (ss_send_all(connection, greeting, strlen(greeting)) == -1)
		return -1;
	while ((got = receive_line(connection, line, sizeof line)) == 1) {
		if (strcmp(line, "exit") == 0)
			return 0;
		const char *reply = strcmp(line, "0") == 0 ? recording_notice : please_reenter;
		if (ss_send_all(connection, reply, strlen(reply)) == -1)
			return -1;
	}
	return got == 0 || ss_stop_requested() ? 0 : -1;
}

/* ---- the threads, by hand ------------------------------------------------- */

/*@region handmade-threads */
/* What a call's thread needs: its connection and who is calling. */
struct call {
	int connection;
	ss_address caller;
};

/* The calls in progress, so main can wait for them before it returns
 * (Python: t.daemon = False — the interpreter waits for such threads). */
static struct {
	pthread_mutex_t lock;
	pthread_cond_t ended;
	int running;
} calls = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0};

/* The thread: the seed's process(request, client_address). */
static void *
answer_call(void *argument)
{
	struct call *call = argument;
	char caller[SS_ADDRESS_TEXT_MAX];

	ss_address_format(&call->caller, caller, sizeof caller);
	printf("call from %s\n", caller);
	fflush(stdout);
	if (voice_menu(call->connection) == -1)
		fprintf(stderr, "voice-menu: %s: %s\n", caller, ss_error());
	close(call->connection); /* every path closes the connection... */
	free(call);
	pthread_mutex_lock(&calls.lock); /* ...and says the call has ended */
	calls.running--;
	pthread_cond_signal(&calls.ended);
	pthread_mutex_unlock(&calls.lock);
	return NULL;
}

/* Hand a new connection to a thread of its own, which nobody joins: it
 * says when it ends through `calls`. */
static void
start_call(int connection, const ss_address *caller)
{
	struct call *call = malloc(sizeof *call);
	pthread_attr_t detached;
	pthread_t thread;
	int error = ENOMEM;

	pthread_mutex_lock(&calls.lock);
	calls.running++;
	pthread_mutex_unlock(&calls.lock);
	if (call != NULL) {
		call->connection = connection;
		call->caller = *caller;
		pthread_attr_init(&detached);
		pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED);
		error = pthread_create(&thread, &detached, answer_call, call); /*@ ~> answer_call */
		pthread_attr_destroy(&detached);
	}
	if (error != 0) { /* no thread: this caller is hung up on; the others go on */
		fprintf(stderr, "voice-menu: cannot start a thread: %s\n", strerror(error));
		free(call);
		close(connection);
		pthread_mutex_lock(&calls.lock);
		calls.running--;
		pthread_mutex_unlock(&calls.lock);
	}
}

static void
wait_for_calls(void)
{
	pthread_mutex_lock(&calls.lock);
	while (calls.running > 0)
		pthread_cond_wait(&calls.ended, &calls.lock);
	pthread_mutex_unlock(&calls.lock);
}
/*@end handmade-threads */

/* The by-hand server's main loop: the seed's while True. */
static int
serve_by_hand(const char *listen_address)
{
	ss_selector *selector;
	int listener = ss_listen(listen_address, 5, false, NULL);

	if (listener == -1) {
		fprintf(stderr, "voice-menu: %s\n", ss_error());
		return SS_EXIT_FAILURE;
	}
	selector = ss_selector_new(ss_default_selector);
	if (selector == NULL || ss_selector_register(selector, listener, SS_EVENT_READ, NULL) == -1) {
		fprintf(stderr, "voice-menu: %s\n", ss_error());
		ss_selector_free(selector);
		close(listener);
		return SS_EXIT_FAILURE;
	}
	ss_announce_listening(listener);

	/*@region handmade-loop */
	/* The seed's loop: select on the listening socket, a second at a time;
	 * when it is readable, a caller is waiting: accept, and a thread. */
	while (!ss_stop_requested()) {
		ss_selector_ready ready[1];
		ss_address caller;

		int ready_count = ss_selector_select(selector, 1.0, ready, 1);
		if (ready_count == -1) /* SIGINT/SIGTERM (EINTR), or an error */
			break;
		if (ready_count == 0)
			continue; /* the seed prints 'looping' here */
		int connection = ss_accept(listener, &caller);
		if (connection == -1) {
			if (errno != EINTR)
				fprintf(stderr, "voice-menu: %s\n", ss_error());
			continue;
		}
		start_call(connection, &caller);
	}
	wait_for_calls(); /* each call sees the stop within half a second */
	/*@end handmade-loop */

	ss_selector_free(selector);
	close(listener);
	return SS_EXIT_OK;
}

/* ---- the same, on the mix-in ---------------------------------------------- */

/*@region menu-handler */
/* Seed 000's MyServer.handle: the whole conversation, nothing else. */
static int
voice_menu_handle(ss_handler *self)
{
	SS_TRACE("VoiceMenuHandler", "handle");
	char caller[SS_ADDRESS_TEXT_MAX];

	ss_address_format(&self->client_address, caller, sizeof caller);
	printf("call from %s\n", caller);
	fflush(stdout);
	return voice_menu(self->request->fd);
}

static const ss_handler_class voice_menu_handler = {
	.name = "VoiceMenuHandler",
	.base = &ss_base_request_handler,
	.handle = voice_menu_handle,
};

/* The seed's __main__: everything the by-hand version did is in here. */
static int
serve_on(const ss_server_class *server_class, const char *listen_address)
{
	ss_server *server = ss_server_new(server_class, listen_address, &voice_menu_handler, NULL);
	int status = SS_EXIT_OK;

	if (server == NULL) {
		fprintf(stderr, "voice-menu: %s\n", ss_error());
		return SS_EXIT_FAILURE;
	}
	printf("listening on %s\n", server->server_address);
	fflush(stdout);
	if (ss_serve_forever(server, 0.5) == -1 && errno != EINTR) {
		fprintf(stderr, "voice-menu: %s\n", ss_error());
		status = SS_EXIT_FAILURE;
	}
	ss_server_free(server); /* server_close: waits for the calls still going on */
	return status;
}
/*@end menu-handler */

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
		{"by-hand", no_argument, NULL, 'b'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *listen_address = NULL, *class_name = NULL;
	const ss_server_class *server_class = &ss_threading_tcp_server;
	bool by_hand = false;
	int option;

	while ((option = getopt_long(argc, argv, "l:s:bh", options, NULL)) != -1) {
		if (option == 'l') {
			listen_address = optarg;
		} else if (option == 's') {
			class_name = optarg;
		} else if (option == 'b') {
			by_hand = true;
		} else if (option == 'h') {
			fputs(usage, stdout);
			return SS_EXIT_OK;
		} else {
			ss_usage_exit(usage);
		}
	}
	if (listen_address == NULL || optind != argc || (by_hand && class_name != NULL))
		ss_usage_exit(usage);
	if (class_name != NULL) {
		server_class = NULL;
		for (size_t i = 0; i < sizeof server_classes / sizeof server_classes[0]; i++)
			if (strcmp(server_classes[i]->name, class_name) == 0)
				server_class = server_classes[i];
		if (server_class == NULL) {
			fprintf(stderr, "voice-menu: unknown server class '%s'\n", class_name);
			ss_usage_exit(usage);
		}
	}
	ss_stop_on_signals();
	return by_hand ? serve_by_hand(listen_address) : serve_on(server_class, listen_address);
}
