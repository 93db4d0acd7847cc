/* mixin_test.h — what chapter 5's tests share: the echo handlers, a server
 * serving on a background thread, clients for every kind, and counters of
 * the threads and zombies a process has. Included by one test file each
 * (static functions: each test binary is one translation unit). */
#ifndef MIXIN_TEST_H
#define MIXIN_TEST_H

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "mixins.h"
#include "support.h"

/* ---- handlers ------------------------------------------------------------ */

/* A connection: echo until the client closes. */
static inline int
echo_handle(ss_handler *self)
{
	SS_TRACE("EchoHandler", "handle");
	char buffer[4096];

	for (;;) {
		ssize_t received = ss_recv(self->request->fd, buffer, sizeof buffer);
		if (received == 0)
			return 0;
		if (received == -1 || ss_send_all(self->request->fd, buffer, (size_t)received) == -1)
			return -1;
	}
}

__attribute__((unused)) static const ss_handler_class echo_handler = {
	.name = "EchoHandler", .base = &ss_base_request_handler, .handle = echo_handle,
};

/* A datagram: send it back to its sender, on the server's socket. */
static inline int
datagram_echo_handle(ss_handler *self)
{
	SS_TRACE("DatagramEchoHandler", "handle");
	const ss_address *to = &self->client_address;

	if (sendto(self->request->fd, self->request->packet, self->request->packet_size,
	           MSG_NOSIGNAL, (const struct sockaddr *)&to->storage, to->length) == -1) {
		ss_set_error("cannot answer: %s", strerror(errno));
		return -1;
	}
	return 0;
}

__attribute__((unused)) static const ss_handler_class datagram_echo_handler = {
	.name = "DatagramEchoHandler", .base = &ss_base_request_handler,
	.handle = datagram_echo_handle,
};

/* ---- a server serving on its own thread ---------------------------------- */

typedef struct background {
	ss_server *server;
	pthread_t thread;
	int status;
} background;

static inline void *
background_serve(void *argument)
{
	background *serving = argument;

	serving->status = ss_serve_forever(serving->server, 0.05);
	return NULL;
}

static inline void
serve_in_background(background *serving, ss_server *server)
{
	serving->server = server;
	serving->status = 0;
	if (pthread_create(&serving->thread, NULL, background_serve, serving) != 0)
		fail_msg("cannot start the serving thread");
}

/* ss_shutdown (it waits for serve_forever to return), then join. */
static inline void
stop_background(background *serving)
{
	ss_shutdown(serving->server);
	pthread_join(serving->thread, NULL);
}

/* ---- clients --------------------------------------------------------------- */

static inline bool
is_unix_class(const ss_server_class *cls)
{
	return strstr(cls->name, "Unix") != NULL;
}

static inline bool
is_datagram_class(const ss_server_class *cls)
{
	return strstr(cls->name, "UDP") != NULL || strstr(cls->name, "Datagram") != NULL;
}

/* A connected client of server: stream or datagram, inet or Unix. A Unix
 * datagram client is bound to a path of its own (dir/client-N.sock), so
 * the server can answer it. */
static inline int
client_of(ss_server *server, const char *dir, int number)
{
	const ss_server_class *cls = server->type;
	int type = is_datagram_class(cls) ? SOCK_DGRAM : SOCK_STREAM;

	if (!is_unix_class(cls)) {
		if (type == SOCK_STREAM)
			return support_connect(server->server_address);
		ss_address to;
		if (ss_address_parse(server->server_address, &to) == -1)
			return -1;
		int fd = socket(ss_address_family(&to), SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (fd >= 0 && connect(fd, (struct sockaddr *)&to.storage, to.length) == -1) {
			close(fd);
			return -1;
		}
		return fd;
	}
	if (type == SOCK_STREAM)
		return support_connect_unix(server->server_address, SOCK_STREAM);
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct sockaddr_un me = {.sun_family = AF_UNIX};
	if (snprintf(me.sun_path, sizeof me.sun_path, "%s/client-%d.sock", dir, number) >=
	    (int)sizeof me.sun_path) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	unlink(me.sun_path);
	if (fd < 0 || bind(fd, (struct sockaddr *)&me, sizeof me) == -1) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	struct sockaddr_un to = {.sun_family = AF_UNIX};
	size_t length = strlen(server->server_address);
	if (length >= sizeof to.sun_path) {
		close(fd);
		return -1;
	}
	memcpy(to.sun_path, server->server_address, length + 1);
	if (connect(fd, (struct sockaddr *)&to, sizeof to) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The end of a client. A forking server under test forks this very process,
 * so each child holds copies of the test's client sockets: a close here
 * would not end the connection while a copy lives. shutdown(SHUT_WR) sends
 * the FIN whatever the copies. */
static inline void
finish_client(int fd)
{
	shutdown(fd, SHUT_WR);
	close(fd);
}

static inline void
remove_client_path(const char *dir, int number)
{
	char path[300];

	snprintf(path, sizeof path, "%s/client-%d.sock", dir, number);
	unlink(path);
}

/* One message there and back: a stream echo, or a datagram's answer. */
static inline int
echo_once(int fd, bool datagram, const void *message, size_t length)
{
	char reply[2048];

	if (length > sizeof reply)
		return -1;
	if (datagram) {
		if (send(fd, message, length, 0) != (ssize_t)length)
			return -1;
		if (support_wait_readable(fd, SUPPORT_WAIT_MS) != 1)
			return -1;
		if (recv(fd, reply, sizeof reply, 0) != (ssize_t)length)
			return -1;
	} else {
		if (support_send_all(fd, message, length) == -1 ||
		    support_recv_exact(fd, reply, length, SUPPORT_WAIT_MS) == -1)
			return -1;
	}
	return memcmp(reply, message, length) == 0 ? 0 : -1;
}

/* ---- what a process has ---------------------------------------------------- */

static inline int
count_entries(const char *path)
{
	DIR *dir = opendir(path);
	int count = 0;
	struct dirent *entry;

	if (dir == NULL)
		return -1;
	while ((entry = readdir(dir)) != NULL)
		if (entry->d_name[0] != '.')
			count++;
	closedir(dir);
	return count;
}

static inline void *
nothing(void *argument)
{
	return argument;
}

/* Start and join one thread, so that a thread the runtime starts with the
 * first one (ThreadSanitizer's background thread) is there before a test
 * counts threads. Call from main. */
static inline void
warm_up_threads(void)
{
	pthread_t thread;

	if (pthread_create(&thread, NULL, nothing, NULL) == 0)
		pthread_join(thread, NULL);
}

/* The threads of this process. */
static inline int
thread_count(void)
{
	return count_entries("/proc/self/task");
}

/* The children of this process that are zombies (exited, not reaped). */
static inline int
zombie_count(void)
{
	DIR *dir = opendir("/proc");
	struct dirent *entry;
	int zombies = 0;
	long me = (long)getpid();

	if (dir == NULL)
		return -1;
	while ((entry = readdir(dir)) != NULL) {
		char path[300], text[512];
		if (entry->d_name[0] < '0' || entry->d_name[0] > '9')
			continue;
		snprintf(path, sizeof path, "/proc/%s/stat", entry->d_name);
		FILE *in = fopen(path, "r");
		if (in == NULL)
			continue;
		size_t length = fread(text, 1, sizeof text - 1, in);
		fclose(in);
		text[length] = '\0';
		char *after = strrchr(text, ')'); /* the name may hold spaces */
		char state;
		long parent;
		if (after != NULL && sscanf(after + 1, " %c %ld", &state, &parent) == 2 &&
		    parent == me && state == 'Z')
			zombies++;
	}
	closedir(dir);
	return zombies;
}

/* Wait, bounded, until a condition that another thread or process makes
 * true holds: a poll of state, not a sleep standing in for a handshake. */
#define WAIT_UNTIL(condition)                                                           \
	do {                                                                            \
		struct timespec tick_ = {.tv_sec = 0, .tv_nsec = 2000000};              \
		int waited_ = 0;                                                        \
		while (!(condition) && waited_ < SUPPORT_WAIT_MS / 2) {                 \
			nanosleep(&tick_, NULL);                                        \
			waited_ += 2;                                                   \
		}                                                                       \
		assert_true(condition);                                                 \
	} while (0)

static inline double
now_seconds(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

#endif
