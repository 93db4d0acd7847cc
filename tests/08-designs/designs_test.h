/* designs_test.h — what chapter 8's pool and prefork tests share, on top of
 * chapter 5's (the echo handler, a server on a background thread, counters
 * of threads and zombies): many clients at once, each checking every byte. */
#ifndef DESIGNS_TEST_H
#define DESIGNS_TEST_H

#include "../05-mixins/mixin_test.h"
#include "designs.h"

enum { MESSAGE_SIZE = 3000 };

/* A stream client of a TCP address ("host:port") or of a Unix stream
 * server's path (an address with a '/': chapter 1's ss_address_is_path). */
static inline int
designs_connect(const char *address)
{
	if (ss_address_is_path(address))
		return support_connect_unix(address, SOCK_STREAM);
	return support_connect(address);
}

/* Client i's message: bytes no other client sends in the same place. */
static inline void
fill_message(char *message, int i)
{
	for (int k = 0; k < MESSAGE_SIZE; k++)
		message[k] = (char)('A' + (i * 7 + k) % 53);
}

/* count clients (TCP or Unix) connect at once, all send their message and their FIN
 * (shutdown SHUT_WR: every byte is in the kernel before any reply is read),
 * then each reply is read whole and compared byte for byte. With fewer
 * workers than clients, the rest wait in the listen queue: back-pressure,
 * not a dropped client. Returns the clients served correctly. */
static inline int
echo_many_at_once(const char *address, int count)
{
	int *fds = calloc((size_t)count, sizeof *fds);
	char message[MESSAGE_SIZE], reply[MESSAGE_SIZE];
	int good = 0;

	assert_non_null(fds);
	for (int i = 0; i < count; i++) {
		fds[i] = designs_connect(address);
		assert_true(fds[i] >= 0);
	}
	for (int i = 0; i < count; i++) {
		fill_message(message, i);
		assert_int_equal(support_send_all(fds[i], message, MESSAGE_SIZE), 0);
		shutdown(fds[i], SHUT_WR);
	}
	for (int i = 0; i < count; i++) {
		fill_message(message, i);
		if (support_recv_exact(fds[i], reply, MESSAGE_SIZE, SUPPORT_WAIT_MS) == 0 &&
		    memcmp(reply, message, MESSAGE_SIZE) == 0 && support_peer_closed(fds[i], SUPPORT_WAIT_MS))
			good++;
		close(fds[i]);
	}
	free(fds);
	return good;
}

/* A client that keeps a conversation going until told to stop: one echo
 * after another on one connection, or a new connection each time. */
typedef struct load_client {
	pthread_t thread;
	const char *address;
	bool short_connections;
	atomic_bool stop;
	atomic_int echoes;   /* correct echoes */
	atomic_int wrong;    /* a reply that was not the bytes sent */
} load_client;

static inline void *
load_client_run(void *argument)
{
	load_client *client = argument;
	int fd = -1;

	while (!atomic_load(&client->stop)) {
		if (fd == -1 && (fd = designs_connect(client->address)) == -1)
			break; /* refused: the server has stopped */
		char reply[16];
		if (support_send_all(fd, "line of load\n", 13) == -1 ||
		    support_recv_exact(fd, reply, 13, SUPPORT_WAIT_MS) == -1) {
			close(fd);
			fd = -1;
			if (!client->short_connections)
				break; /* the server closed us at the stop */
			continue;
		}
		if (memcmp(reply, "line of load\n", 13) != 0)
			atomic_fetch_add(&client->wrong, 1);
		else
			atomic_fetch_add(&client->echoes, 1);
		if (client->short_connections) {
			finish_client(fd);
			fd = -1;
		}
	}
	if (fd != -1)
		finish_client(fd);
	return NULL;
}

static inline void
start_load(load_client *clients, int count, const char *address, bool short_connections)
{
	for (int i = 0; i < count; i++) {
		clients[i].address = address;
		clients[i].short_connections = short_connections;
		atomic_init(&clients[i].stop, false);
		atomic_init(&clients[i].echoes, 0);
		atomic_init(&clients[i].wrong, 0);
		assert_int_equal(pthread_create(&clients[i].thread, NULL, load_client_run, &clients[i]), 0);
	}
}

static inline int
total_echoes(load_client *clients, int count)
{
	int total = 0;
	for (int i = 0; i < count; i++)
		total += atomic_load(&clients[i].echoes);
	return total;
}

static inline void
stop_load(load_client *clients, int count)
{
	for (int i = 0; i < count; i++)
		atomic_store(&clients[i].stop, true);
	for (int i = 0; i < count; i++) {
		pthread_join(clients[i].thread, NULL);
		assert_int_equal(atomic_load(&clients[i].wrong), 0);
	}
}

#endif
