/* chat-server — seed 001's multi-client chat, on ThreadingTCPServer.
 *
 *   chat-server --listen ADDRESS
 *
 * Every client is a member of one room. A line a member sends goes to
 * every OTHER member as "ADDRESS says: LINE"; "quit" leaves the room. (The
 * seed's own version sends the line back to its sender only: it looks its
 * sender up in the table, and the loop over every member is left commented
 * out.) A member hears "welcome ADDRESS, N others here" on arrival, and
 * "ADDRESS joined" / "ADDRESS left" as the others come and go.
 *
 * As in the seed, serve_forever runs on a thread of its own while the main
 * thread reads commands from the terminal (stdin):
 *   who    list the members
 *   quit   stop: shutdown(), hang up on every member, server_close()
 * (end of input, SIGINT and SIGTERM do what quit does). The table of
 * members is shared by every handler thread: one lock guards it.
 * chat-client is a member at a terminal (so is nc, where it is installed).
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mixins.h"
#include "program.h"
#include "tcp_server.h"

static const char usage[] =
	"usage: chat-server --listen ADDRESS\n"
	"  ADDRESS  host:port, [v6addr]:port or :port (port 0: any free port)\n"
	"A chat room: each line a client sends goes to every other client.\n"
	"Commands on stdin: who (list the members), quit (stop the server).\n";

/* Receive one line, without "\n" (or "\r\n"): 1; 0 at end of input; -1 on an
 * error, or once a stop is requested — seen within half a second, whatever
 * thread caught the signal. Longer lines come in pieces. */
static int
receive_line(int fd, char *line, size_t size)
{
	size_t length = 0;

	while (length + 1 < size) {
		char c;
		int ready = ss_wait_fd(fd, POLLIN, 500);
		if (ready == -1)
			return -1;
		if (ready == 0)
			continue;
		ssize_t received = read(fd, &c, 1);
		if (received == -1 && errno == EINTR)
			continue;
		if (received <= 0) {
			if (received == 0 && length > 0)
				break; /* a last line without its newline */
			return (int)received;
		}
		if (c == '\n')
			break;
		line[length++] = c;
	}
	if (length > 0 && line[length - 1] == '\r')
		length--;
	line[length] = '\0';
	return 1;
}

/* ---- the room: the members' table, under its lock ------------------------- */

/*@region chat-room */
/* A member: its connection and its address as text. It lives inside its
 * handler (below), from setup to finish. */
struct member {
	int fd;
	char name[SS_ADDRESS_TEXT_MAX];
	struct member *next;
};

/* Seed 001's class attribute `clients = {}`: one table shared by every
 * handler thread, so every access holds the lock. */
struct room {
	pthread_mutex_t lock;
	struct member *members;
	size_t count;
	bool closing; /* the server is closing: a newcomer is hung up on at once */
};

/* Send text to every member but one (NULL: to all). Called with the lock
 * held: a member cannot leave — and its fd be closed — while we write to
 * it, and two lines sent to a member at once cannot interleave. A member
 * that cannot be written to is skipped: its own handler sees it gone. */
static void
tell_others(struct room *room, const struct member *except, const char *text)
{
	for (struct member *m = room->members; m != NULL; m = m->next)
		if (m != except)
			ss_send_all(m->fd, text, strlen(text));
}

static void
room_enter(struct room *room, struct member *member)
{
	char text[2 * SS_ADDRESS_TEXT_MAX];

	pthread_mutex_lock(&room->lock);
	snprintf(text, sizeof text, "welcome %s, %zu others here\n", member->name, room->count);
	ss_send_all(member->fd, text, strlen(text)); /* first, before any other line */
	snprintf(text, sizeof text, "%s joined\n", member->name);
	tell_others(room, NULL, text);
	member->next = room->members;
	room->members = member;
	room->count++;
	if (room->closing) /* started just before the close: hang up at once */
		shutdown(member->fd, SHUT_RDWR);
	pthread_mutex_unlock(&room->lock);
}

static void
room_leave(struct room *room, struct member *member)
{
	char text[2 * SS_ADDRESS_TEXT_MAX];

	pthread_mutex_lock(&room->lock);
	for (struct member **link = &room->members; *link != NULL; link = &(*link)->next) {
		if (*link == member) {
			*link = member->next;
			room->count--;
			break;
		}
	}
	snprintf(text, sizeof text, "%s left\n", member->name);
	tell_others(room, NULL, text);
	pthread_mutex_unlock(&room->lock);
}

static void
room_say(struct room *room, const struct member *speaker, const char *line)
{
	size_t size = strlen(speaker->name) + strlen(line) + sizeof " says: \n";
	char *text = malloc(size);

	if (text == NULL)
		return;
	snprintf(text, size, "%s says: %s\n", speaker->name, line);
	pthread_mutex_lock(&room->lock);
	tell_others(room, speaker, text);
	pthread_mutex_unlock(&room->lock);
	free(text);
}
/*@end chat-room */

/* ---- the handler: setup enters, handle talks, finish leaves --------------- */

/*@region chat-handler */
/* A handler instance with room for its member: .instance_size below. */
typedef struct chat_handler {
	ss_handler base; /* first: a chat_handler * is an ss_handler * */
	struct member member;
} chat_handler;

static int
chat_setup(ss_handler *self)
{
	SS_TRACE("ChatHandler", "setup");
	chat_handler *chat = (chat_handler *)self;

	chat->member.fd = self->request->fd;
	ss_address_format(&self->client_address, chat->member.name, sizeof chat->member.name);
	room_enter(self->user, &chat->member);
	printf("%s joined\n", chat->member.name);
	fflush(stdout);
	return 0;
}

static int
chat_handle(ss_handler *self)
{
	SS_TRACE("ChatHandler", "handle");
	chat_handler *chat = (chat_handler *)self;
	char line[1024];
	int got;

	while ((got = receive_line(self->request->fd, line, sizeof line)) == 1) {
		if (strcmp(line, "quit") == 0)
			return 0;
		room_say(self->user, &chat->member, line);
	}
	return got == 0 || ss_stop_requested() ? 0 : -1;
}

/* Runs even when handle failed: the member always leaves the table before
 * shutdown_request closes its connection. */
static int
chat_finish(ss_handler *self)
{
	SS_TRACE("ChatHandler", "finish");
	chat_handler *chat = (chat_handler *)self;

	room_leave(self->user, &chat->member);
	printf("%s left\n", chat->member.name);
	fflush(stdout);
	return 0;
}

static const ss_handler_class chat_handler_class = {
	.name = "ChatHandler",
	.base = &ss_base_request_handler,
	.instance_size = sizeof(chat_handler),
	.setup = chat_setup,
	.handle = chat_handle,
	.finish = chat_finish,
};
/*@end chat-handler */

/* ---- the terminal ------------------------------------------------------------ */

static void *
serve_in_background(void *server)
{
	/* Returns after ss_shutdown(), or -1/EINTR after SIGINT/SIGTERM. */
	ss_serve_forever(server, 0.5);
	return NULL;
}

static void
list_members(struct room *room)
{
	pthread_mutex_lock(&room->lock);
	printf("%zu in the room:", room->count);
	for (const struct member *m = room->members; m != NULL; m = m->next)
		printf(" %s", m->name);
	printf("\n");
	fflush(stdout);
	pthread_mutex_unlock(&room->lock);
}

/* Every handler is in receive_line: shutting each connection down makes it
 * read the end, leave the room, and return; server_close can then join. A
 * handler whose thread started but has not entered yet finds `closing`. */
static void
hang_up_on_everyone(struct room *room)
{
	pthread_mutex_lock(&room->lock);
	room->closing = true;
	tell_others(room, NULL, "the server is closing: goodbye\n");
	for (struct member *m = room->members; m != NULL; m = m->next)
		shutdown(m->fd, SHUT_RDWR);
	pthread_mutex_unlock(&room->lock);
}

/*@region chat-main */
int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{"listen", required_argument, NULL, 'l'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *listen_address = NULL;
	struct room room = {.members = NULL, .count = 0, .closing = false};
	pthread_t serving;
	char command[256];
	int option, error;

	while ((option = getopt_long(argc, argv, "l:h", options, NULL)) != -1) {
		if (option == 'l') {
			listen_address = optarg;
		} else if (option == 'h') {
			fputs(usage, stdout);
			return SS_EXIT_OK;
		} else {
			ss_usage_exit(usage);
		}
	}
	if (listen_address == NULL || optind != argc)
		ss_usage_exit(usage);

	ss_stop_on_signals(); /* before any thread starts: they inherit the mask */
	pthread_mutex_init(&room.lock, NULL);
	ss_server *server = ss_server_new(&ss_threading_tcp_server, listen_address,
	                                  &chat_handler_class, &room);
	if (server == NULL) {
		fprintf(stderr, "chat-server: %s\n", ss_error());
		return SS_EXIT_FAILURE;
	}
	printf("listening on %s\n", server->server_address);
	fflush(stdout);

	/* Seed: threading.Thread(target=server.serve_forever, daemon=True).start() */
	error = pthread_create(&serving, NULL, serve_in_background, server); /*@ ~> serve_in_background */
	if (error != 0) {
		fprintf(stderr, "chat-server: cannot start the serving thread: %s\n", strerror(error));
		ss_server_free(server);
		return SS_EXIT_FAILURE;
	}
	/* The terminal: until quit, the end of input, or SIGINT/SIGTERM. */
	while (receive_line(STDIN_FILENO, command, sizeof command) == 1) {
		if (strcmp(command, "quit") == 0)
			break;
		if (strcmp(command, "who") == 0)
			list_members(&room);
		else
			printf("type quit to stop the server (who lists the members)\n");
		fflush(stdout);
	}
	ss_shutdown(server);          /* serve_forever returns: no one new gets in */
	pthread_join(serving, NULL);
	hang_up_on_everyone(&room);   /* the handlers return... */
	ss_server_close(server);      /* ...and server_close joins their threads */
	ss_server_free(server);
	pthread_mutex_destroy(&room.lock);
	printf("the server is closed\n");
	return SS_EXIT_OK;
}
/*@end chat-main */
