/* test_tcp_server.c — the four server classes, in process: addresses and
 * ports, bind_and_activate, reuse, no fd leak on failure, what a datagram
 * request is, the Unix path left behind, and shutdown() while a request is
 * being handled. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "support.h"
#include "tcp_server.h"
#include "slots.h" /* after tcp_server.h: it needs base_server.h's types */

/*@wrap listen */

/* listen() fails with EADDRINUSE while this is set (injected failure). */
static atomic_bool fail_listen;
int __real_listen(int fd, int backlog);
int
__wrap_listen(int fd, int backlog)
{
	if (atomic_load(&fail_listen)) {
		errno = EADDRINUSE;
		return -1;
	}
	return __real_listen(fd, backlog);
}

/* ---- handlers ---------------------------------------------------------- */

/* Echo a connection until the client closes. */
static int
echo_handle(ss_handler *self)
{
	char buffer[4096];

	for (;;) {
		ssize_t received = ss_recv(self->request->fd, buffer, sizeof buffer);
		if (received <= 0)
			return (int)received;
		if (ss_send_all(self->request->fd, buffer, (size_t)received) == -1)
			return -1;
	}
}

static const ss_handler_class echo = {
	.name = "EchoHandler", .base = &ss_base_request_handler, .handle = echo_handle};

/* Echo one message and return: the server then closes first. */
static int
echo_once_handle(ss_handler *self)
{
	char buffer[256];
	ssize_t received = ss_recv(self->request->fd, buffer, sizeof buffer);

	if (received <= 0)
		return -1;
	return ss_send_all(self->request->fd, buffer, (size_t)received) == -1 ? -1 : 0;
}

static const ss_handler_class echo_once = {
	.name = "EchoOnce", .base = &ss_base_request_handler, .handle = echo_once_handle};

/* What the last datagram handler saw. */
static struct {
	char packet[16384];
	size_t size;
	int fd;
} seen;

static int
record_datagram(ss_handler *self)
{
	seen.size = self->request->packet_size;
	seen.fd = self->request->fd;
	memcpy(seen.packet, self->request->packet,
	       seen.size < sizeof seen.packet ? seen.size : sizeof seen.packet);
	return 0;
}

static const ss_handler_class recorder = {
	.name = "Recorder", .base = &ss_base_request_handler, .handle = record_datagram};

/* ---- helpers ------------------------------------------------------------ */

static int
setup(void **state)
{
	(void)state;
	support_watchdog(60);
	ss_reserve_fd_init(); /* the net layer's spare fd: not a leak */
	return 0;
}

static int
port_of(ss_server *server)
{
	return ss_address_port(&ss_socket_server_of(server)->address);
}

/* Connect, send message, close our sending side; handle_request echoes it;
 * then the reply and the server's EOF must arrive. */
static void
assert_one_echo(ss_server *server, const char *address, const char *message)
{
	size_t length = strlen(message);
	char reply[256];
	int client = support_connect(address);

	assert_true(client >= 0);
	assert_int_equal(support_send_all(client, message, length), 0);
	shutdown(client, SHUT_WR);
	assert_int_equal(ss_handle_request(server), 0);
	assert_int_equal(support_recv_exact(client, reply, length, SUPPORT_WAIT_MS), 0);
	assert_memory_equal(reply, message, length);
	assert_true(support_peer_closed(client, SUPPORT_WAIT_MS));
	close(client);
}

/* ---- TCPServer ------------------------------------------------------------ */

static void
port_zero_becomes_the_real_port(void **state)
{
	(void)state;
	int fds = support_fd_count();
	ss_server *server = ss_server_new(&ss_tcp_server, "127.0.0.1:0", &echo, NULL);
	char expected[64];

	assert_non_null(server);
	assert_int_not_equal(port_of(server), 0);
	snprintf(expected, sizeof expected, "127.0.0.1:%d", port_of(server));
	assert_string_equal(server->server_address, expected);
	assert_int_equal(ss_fileno(server), ss_socket_server_of(server)->socket);
	assert_int_equal(ss_socket_server_of(server)->attributes.request_queue_size, 5);
	assert_false(ss_socket_server_of(server)->attributes.allow_reuse_address);
	assert_one_echo(server, server->server_address, "hello over IPv4\n");
	ss_server_free(server);
	assert_int_equal(support_fd_count(), fds);
}

static void
ipv6_loopback(void **state)
{
	(void)state;
	int fds = support_fd_count();
	ss_server *server = ss_server_new(&ss_tcp_server, "[::1]:0", &echo, NULL);

	if (server == NULL && (errno == EAFNOSUPPORT || errno == EADDRNOTAVAIL))
		skip(); /* no IPv6 on this machine */
	assert_non_null(server);
	assert_int_equal(ss_address_family(&ss_socket_server_of(server)->address), AF_INET6);
	assert_int_equal(ss_socket_server_of(server)->attributes.address_family, AF_INET6);
	assert_true(strncmp(server->server_address, "[::1]:", 6) == 0);
	assert_int_not_equal(port_of(server), 0);
	assert_one_echo(server, server->server_address, "hello over IPv6\n");
	ss_server_free(server);
	assert_int_equal(support_fd_count(), fds);
}

static void
address_in_use_is_a_clear_error_and_leaks_nothing(void **state)
{
	(void)state;
	ss_server *first = ss_server_new(&ss_tcp_server, "127.0.0.1:0", &echo, NULL);
	assert_non_null(first);
	int fds = support_fd_count();

	errno = 0;
	assert_null(ss_server_new(&ss_tcp_server, first->server_address, &echo, NULL));
	assert_int_equal(errno, EADDRINUSE);
	assert_non_null(strstr(ss_error(), first->server_address));
	assert_non_null(strstr(ss_error(), "in use"));
	assert_int_equal(support_fd_count(), fds); /* the second socket was closed */
	ss_server_free(first);
}

static void
a_failed_listen_closes_the_socket(void **state)
{
	(void)state;
	int fds = support_fd_count();

	atomic_store(&fail_listen, true);
	errno = 0;
	ss_server *server = ss_server_new(&ss_tcp_server, "127.0.0.1:0", &echo, NULL);
	atomic_store(&fail_listen, false);
	assert_null(server);
	assert_int_equal(errno, EADDRINUSE);
	assert_non_null(strstr(ss_error(), "cannot listen on 127.0.0.1:"));
	assert_int_equal(support_fd_count(), fds);
}

static void
a_bad_address_leaks_nothing(void **state)
{
	(void)state;
	int fds = support_fd_count();

	assert_null(ss_server_new(&ss_tcp_server, "no-port-here", &echo, NULL));
	assert_int_equal(errno, EINVAL);
	assert_null(ss_server_new(&ss_udp_server, "127.0.0.1:99999", &echo, NULL));
	assert_int_equal(errno, EINVAL);
	assert_int_equal(support_fd_count(), fds);
}

/* Python's bind_and_activate=False: a socket, unbound; the caller changes
 * an attribute, then binds and activates by hand. */
static void
bind_and_activate_by_hand(void **state)
{
	(void)state;
	int fds = support_fd_count();
	ss_server *server = ss_server_new_inactive(&ss_tcp_server, "127.0.0.1:0", &echo, NULL);
	ss_address local;

	assert_non_null(server);
	assert_string_equal(server->server_address, "127.0.0.1:0"); /* as given: not bound */
	assert_true(ss_fileno(server) >= 0);
	assert_int_equal(ss_socket_local_address(ss_fileno(server), &local), 0);
	assert_int_equal(ss_address_port(&local), 0);

	ss_socket_server_of(server)->attributes.request_queue_size = 1;
	assert_int_equal(ss_server_bind(server), 0);
	assert_int_not_equal(port_of(server), 0);
	assert_string_not_equal(server->server_address, "127.0.0.1:0");
	assert_int_equal(ss_server_activate(server), 0);
	assert_one_echo(server, server->server_address, "bound and activated by hand\n");
	ss_server_free(server);
	assert_int_equal(support_fd_count(), fds);
}

/* A subclass that only changes an attribute: Python's
 *     class ReusingServer(TCPServer): allow_reuse_address = True       */
static const ss_tcp_attributes reusing_attributes = {
	.address_family = AF_INET,
	.socket_type = SOCK_STREAM,
	.request_queue_size = 5,
	.allow_reuse_address = true,
	.allow_reuse_port = false,
	.max_packet_size = 8192,
};

static const ss_server_class reusing_server = {
	.name = "ReusingServer",
	.base = &ss_tcp_server,
	.attributes = &reusing_attributes,
};

/* The server closes its connection first (shutdown_request, before the
 * client closes), so its side of it waits in TIME_WAIT for a minute: without
 * SO_REUSEADDR the port stays taken; with it, a restarted server binds it at
 * once. */
static void
serve_one_and_close_first(ss_server *server, const char *address)
{
	char reply[7];
	int client = support_connect(address);

	assert_true(client >= 0);
	assert_int_equal(support_send_all(client, "served", 6), 0);
	assert_int_equal(ss_handle_request(server), 0);
	assert_int_equal(support_recv_exact(client, reply, 6, SUPPORT_WAIT_MS), 0);
	assert_memory_equal(reply, "served", 6);
	assert_true(support_peer_closed(client, SUPPORT_WAIT_MS)); /* the server's FIN came first */
	close(client);
}

/* Does a connection on local port wait in TIME_WAIT (state 06 in
 * /proc/net/tcp)? */
static bool
port_in_time_wait(int port)
{
	FILE *table = fopen("/proc/net/tcp", "r");
	char line[256];
	bool found = false;

	if (table == NULL)
		return true; /* cannot tell: expect what a normal kernel does */
	while (!found && fgets(line, sizeof line, table) != NULL) {
		unsigned local_port, state;
		if (sscanf(line, " %*d: %*x:%x %*x:%*x %x", &local_port, &state) == 2)
			found = (int)local_port == port && state == 0x06;
	}
	fclose(table);
	return found;
}

static void
reuse_address_across_a_restart(void **state)
{
	(void)state;
	int fds = support_fd_count();
	ss_server *server = ss_server_new(&reusing_server, "127.0.0.1:0", &echo_once, NULL);
	char address[SS_ADDRESS_TEXT_MAX];

	assert_non_null(server);
	assert_true(ss_socket_server_of(server)->attributes.allow_reuse_address);
	snprintf(address, sizeof address, "%s", server->server_address);
	int port = ss_address_port(&ss_socket_server_of(server)->address);
	serve_one_and_close_first(server, address);
	ss_server_free(server);

	/* The old connection waits in TIME_WAIT, holding the port: a server
	 * without allow_reuse_address cannot bind it. (A kernel whose TIME_WAIT
	 * table is full — tcp_max_tw_buckets, reached when a machine makes
	 * connections by the hundred thousand — keeps none; then there is no
	 * restart problem to show, and only the reusing bind is checked.) */
	if (port_in_time_wait(port)) {
		assert_null(ss_server_new(&ss_tcp_server, address, &echo, NULL));
		assert_int_equal(errno, EADDRINUSE);
	} else {
		print_message("no TIME_WAIT kept for %s (the kernel's table is full?): "
		              "the EADDRINUSE half of this test cannot be shown here\n", address);
	}

	server = ss_server_new(&reusing_server, address, &echo, NULL);
	assert_non_null(server);
	assert_string_equal(server->server_address, address);
	assert_one_echo(server, address, "served after the restart\n");
	ss_server_free(server);
	assert_int_equal(support_fd_count(), fds);
}

/* Python's http.server.HTTPServer overrides server_bind:
 *     def server_bind(self):
 *         socketserver.TCPServer.server_bind(self)
 *         host, port = self.server_address[:2]
 *         self.server_name = socket.getfqdn(host); self.server_port = port
 * The C twin: a subclass whose server_bind extends TCPServer's through super,
 * called by TCPServer's __init__ through the class table. */
typedef struct http_like_server {
	ss_socket_server base;
	int server_port; /* set by its server_bind, after TCPServer's */
	int binds;
} http_like_server;

extern const ss_server_class http_like_server_class;

static int
http_like_server_bind(ss_server *self)
{
	SS_TRACE("HTTPLikeServer", "server_bind");
	http_like_server *server = (http_like_server *)self;
	ss_server_class super;

	ss_server_super(self, &http_like_server_class, &super);
	if (super.server_bind(self) == -1)
		return -1;
	server->server_port = ss_address_port(&server->base.address);
	server->binds++;
	return 0;
}

const ss_server_class http_like_server_class = {
	.name = "HTTPLikeServer",
	.base = &ss_tcp_server,
	.instance_size = sizeof(http_like_server),
	.server_bind = http_like_server_bind,
};

static void
a_subclass_overriding_server_bind_is_called(void **state)
{
	(void)state;
	int fds = support_fd_count();
	http_like_server *server =
		(http_like_server *)ss_server_new(&http_like_server_class, "127.0.0.1:0", &echo, NULL);

	assert_non_null(server);
	assert_int_equal(server->binds, 1);
	assert_int_not_equal(server->server_port, 0); /* TCPServer's bind ran first: the real port */
	assert_int_equal(server->server_port, port_of(&server->base.base));
	assert_one_echo(&server->base.base, server->base.base.server_address, "bound by a subclass\n");
	ss_server_free(&server->base.base);
	assert_int_equal(support_fd_count(), fds);

	/* by hand (bind_and_activate=False): ss_server_bind goes through the class too */
	server = (http_like_server *)ss_server_new_inactive(&http_like_server_class, "127.0.0.1:0",
	                                                    &echo, NULL);
	assert_non_null(server);
	assert_int_equal(server->binds, 0);
	assert_int_equal(ss_server_bind(&server->base.base), 0);
	assert_int_equal(server->binds, 1);
	assert_int_equal(server->server_port, port_of(&server->base.base));
	ss_server_free(&server->base.base);
	assert_int_equal(support_fd_count(), fds);
}

/* Every class of the chapter, and subclasses of them, resolve every slot:
 * none is left NULL to crash when called (slots.h). */
static void
every_socket_server_class_resolves_every_slot(void **state)
{
	const ss_server_class *const classes[] = {
		&ss_base_server,         &ss_tcp_server,     &ss_udp_server,
		&ss_unix_stream_server,  &ss_unix_datagram_server,
		&reusing_server,         &http_like_server_class,
	};

	(void)state;
	for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
		assert_every_slot_resolves(classes[i]);
}

static void
server_close_is_idempotent(void **state)
{
	(void)state;
	int fds = support_fd_count();
	ss_server *server = ss_server_new(&ss_tcp_server, "127.0.0.1:0", &echo, NULL);

	assert_non_null(server);
	ss_server_close(server);
	assert_int_equal(ss_socket_server_of(server)->socket, -1);
	assert_int_equal(ss_fileno(server), -1);
	ss_server_close(server);
	ss_server_free(server);
	assert_int_equal(support_fd_count(), fds);
}

/* ---- UDPServer ------------------------------------------------------------ */

static int
udp_client_to(ss_server *server)
{
	int client = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	const ss_address *to = &ss_socket_server_of(server)->address;

	assert_true(client >= 0);
	assert_int_equal(connect(client, (const struct sockaddr *)&to->storage, to->length), 0);
	return client;
}

static void
a_datagram_request_is_the_packet_and_the_server_socket(void **state)
{
	(void)state;
	int fds = support_fd_count();
	ss_server *server = ss_server_new(&ss_udp_server, "127.0.0.1:0", &recorder, NULL);

	assert_non_null(server);
	assert_int_not_equal(port_of(server), 0);
	assert_int_equal(ss_socket_server_of(server)->attributes.socket_type, SOCK_DGRAM);
	assert_int_equal(ss_socket_server_of(server)->attributes.max_packet_size, 8192);
	int client = udp_client_to(server);

	for (int i = 0; i < 3; i++) { /* the server socket survives each request */
		char message[32];
		int length = snprintf(message, sizeof message, "datagram %d", i);
		assert_int_equal(send(client, message, (size_t)length, 0), length);
		assert_int_equal(ss_handle_request(server), 0);
		assert_int_equal(seen.size, (size_t)length);
		assert_memory_equal(seen.packet, message, (size_t)length);
		assert_int_equal(seen.fd, ss_fileno(server));
		assert_int_not_equal(fcntl(ss_fileno(server), F_GETFD), -1);
	}
	close(client);
	ss_server_free(server);
	assert_int_equal(support_fd_count(), fds);
}

/* A datagram longer than max_packet_size: the handler gets its first
 * max_packet_size bytes; the rest is gone (Python's recvfrom does the same). */
static void
a_datagram_larger_than_max_packet_size_is_truncated(void **state)
{
	(void)state;
	static char big[10000];
	ss_server *server = ss_server_new(&ss_udp_server, "127.0.0.1:0", &recorder, NULL);

	assert_non_null(server);
	int client = udp_client_to(server);
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)('a' + i % 26);

	assert_int_equal(send(client, big, sizeof big, 0), (ssize_t)sizeof big);
	assert_int_equal(ss_handle_request(server), 0);
	assert_int_equal(seen.size, 8192);
	assert_memory_equal(seen.packet, big, 8192);

	/* the next datagram is whole: nothing of the lost tail is left over */
	assert_int_equal(send(client, "next", 4, 0), 4);
	assert_int_equal(ss_handle_request(server), 0);
	assert_int_equal(seen.size, 4);
	assert_memory_equal(seen.packet, "next", 4);

	/* the attribute is the instance's: a smaller one cuts sooner */
	ss_socket_server_of(server)->attributes.max_packet_size = 100;
	assert_int_equal(send(client, big, 500, 0), 500);
	assert_int_equal(ss_handle_request(server), 0);
	assert_int_equal(seen.size, 100);
	assert_memory_equal(seen.packet, big, 100);
	close(client);
	ss_server_free(server);
}

/* ---- Unix servers ----------------------------------------------------------- */

static void
a_unix_path_is_left_behind_as_python_does(void **state)
{
	(void)state;
	char dir[256], path[300];
	struct stat info;
	int fds = support_fd_count();

	snprintf(dir, sizeof dir, "%s", support_temp_dir());
	snprintf(path, sizeof path, "%s/stream.sock", dir);
	ss_server *server = ss_server_new(&ss_unix_stream_server, path, &echo, NULL);
	assert_non_null(server);
	assert_string_equal(server->server_address, path);
	assert_int_equal(ss_address_family(&ss_socket_server_of(server)->address), AF_UNIX);

	int client = support_connect_unix(path, SOCK_STREAM);
	assert_true(client >= 0);
	assert_int_equal(support_send_all(client, "unix\n", 5), 0);
	shutdown(client, SHUT_WR);
	assert_int_equal(ss_handle_request(server), 0);
	char reply[5];
	assert_int_equal(support_recv_exact(client, reply, 5, SUPPORT_WAIT_MS), 0);
	assert_memory_equal(reply, "unix\n", 5);
	close(client);
	ss_server_free(server);

	assert_int_equal(stat(path, &info), 0); /* still there */
	assert_true(S_ISSOCK(info.st_mode));
	assert_null(ss_server_new(&ss_unix_stream_server, path, &echo, NULL));
	assert_int_equal(errno, EADDRINUSE);
	unlink(path); /* the caller's job, in Python too */
	server = ss_server_new(&ss_unix_stream_server, path, &echo, NULL);
	assert_non_null(server);
	ss_server_free(server);
	assert_int_equal(support_fd_count(), fds);
	support_remove_temp_dir(dir);
}

static void
a_unix_datagram_request_answers_the_sender(void **state)
{
	(void)state;
	char dir[256], path[300];
	ss_address client_address;

	snprintf(dir, sizeof dir, "%s", support_temp_dir());
	snprintf(path, sizeof path, "%s/dgram.sock", dir);
	ss_server *server = ss_server_new(&ss_unix_datagram_server, path, &recorder, NULL);
	assert_non_null(server);
	assert_int_equal(ss_socket_server_of(server)->attributes.socket_type, SOCK_DGRAM);

	int client = support_connect_unix(path, SOCK_DGRAM);
	assert_true(client >= 0);
	assert_int_equal(send(client, "packet", 6, 0), 6);
	assert_int_equal(ss_handle_request(server), 0);
	assert_int_equal(seen.size, 6);
	assert_memory_equal(seen.packet, "packet", 6);
	assert_int_equal(seen.fd, ss_fileno(server));
	close(client);
	ss_server_free(server);
	support_remove_temp_dir(dir);
	(void)client_address;
}

static void
a_unix_path_too_long_is_refused(void **state)
{
	(void)state;
	char path[200];
	int fds = support_fd_count();

	memset(path, 'x', sizeof path - 1);
	path[0] = '/';
	path[sizeof path - 1] = '\0';
	errno = 0;
	assert_null(ss_server_new(&ss_unix_stream_server, path, &echo, NULL));
	assert_int_equal(errno, ENAMETOOLONG);
	assert_non_null(strstr(ss_error(), "too long"));
	assert_null(ss_server_new(&ss_unix_datagram_server, "", &echo, NULL));
	assert_int_equal(errno, EINVAL);
	assert_int_equal(support_fd_count(), fds);
}

/* ---- shutdown() while a request is being handled ------------------------- */

static struct {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	bool entered, shutdown_called, finished;
	bool shutdown_returned_before_finish;
	atomic_bool shutdown_returned;
} slow = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false, false, false, false, false};

static void
set_and_announce(bool *flag)
{
	pthread_mutex_lock(&slow.lock);
	*flag = true;
	pthread_cond_broadcast(&slow.changed);
	pthread_mutex_unlock(&slow.lock);
}

static void
wait_for(const bool *flag)
{
	pthread_mutex_lock(&slow.lock);
	while (!*flag)
		pthread_cond_wait(&slow.changed, &slow.lock);
	pthread_mutex_unlock(&slow.lock);
}

/* A TCPServer whose shutdown() first says it was called, then does what
 * TCPServer's does — an override calling super, as chapter 3 teaches. */
static const ss_server_class announcing_tcp_server;

static void
announcing_shutdown(ss_server *self)
{
	ss_server_class next;

	set_and_announce(&slow.shutdown_called);
	ss_server_super(self, &announcing_tcp_server, &next);
	next.shutdown(self);
}

static const ss_server_class announcing_tcp_server = {
	.name = "AnnouncingTCPServer",
	.base = &ss_tcp_server,
	.shutdown = announcing_shutdown,
};

/* Reads one message, says it is inside, waits until shutdown() has been
 * called, then echoes and finishes. */
static int
slow_echo_handle(ss_handler *self)
{
	char buffer[64];
	ssize_t received = ss_recv(self->request->fd, buffer, sizeof buffer);

	if (received <= 0)
		return -1;
	set_and_announce(&slow.entered);
	wait_for(&slow.shutdown_called); /* bounded by the watchdog */

	int status = ss_send_all(self->request->fd, buffer, (size_t)received) == -1 ? -1 : 0;
	pthread_mutex_lock(&slow.lock);
	slow.shutdown_returned_before_finish = atomic_load(&slow.shutdown_returned);
	slow.finished = true;
	pthread_mutex_unlock(&slow.lock);
	return status;
}

static const ss_handler_class slow_echo = {
	.name = "SlowEcho", .base = &ss_base_request_handler, .handle = slow_echo_handle};

static void *
serve(void *server)
{
	static int status;

	status = ss_serve_forever(server, 0.05);
	return &status;
}

static void
shutdown_waits_for_the_request_being_handled(void **state)
{
	(void)state;
	ss_server *server = ss_server_new(&announcing_tcp_server, "127.0.0.1:0", &slow_echo, NULL);
	pthread_t serving;
	void *serve_status;
	char reply[9];

	assert_non_null(server);
	assert_int_equal(pthread_create(&serving, NULL, serve, server), 0);
	int client = support_connect(server->server_address);
	assert_true(client >= 0);
	assert_int_equal(support_send_all(client, "mid-talk\n", 9), 0);

	wait_for(&slow.entered);

	ss_shutdown(server); /* returns once serve_forever has stopped */
	atomic_store(&slow.shutdown_returned, true);
	pthread_mutex_lock(&slow.lock);
	assert_true(slow.finished);
	assert_false(slow.shutdown_returned_before_finish);
	pthread_mutex_unlock(&slow.lock);

	assert_int_equal(pthread_join(serving, &serve_status), 0);
	assert_int_equal(*(int *)serve_status, 0);
	/* the request was finished properly: its reply, then the server's EOF */
	assert_int_equal(support_recv_exact(client, reply, 9, SUPPORT_WAIT_MS), 0);
	assert_memory_equal(reply, "mid-talk\n", 9);
	assert_true(support_peer_closed(client, SUPPORT_WAIT_MS));
	close(client);
	ss_server_free(server);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(port_zero_becomes_the_real_port),
		cmocka_unit_test(ipv6_loopback),
		cmocka_unit_test(address_in_use_is_a_clear_error_and_leaks_nothing),
		cmocka_unit_test(a_failed_listen_closes_the_socket),
		cmocka_unit_test(a_bad_address_leaks_nothing),
		cmocka_unit_test(bind_and_activate_by_hand),
		cmocka_unit_test(reuse_address_across_a_restart),
		cmocka_unit_test(a_subclass_overriding_server_bind_is_called),
		cmocka_unit_test(every_socket_server_class_resolves_every_slot),
		cmocka_unit_test(server_close_is_idempotent),
		cmocka_unit_test(a_datagram_request_is_the_packet_and_the_server_socket),
		cmocka_unit_test(a_datagram_larger_than_max_packet_size_is_truncated),
		cmocka_unit_test(a_unix_path_is_left_behind_as_python_does),
		cmocka_unit_test(a_unix_datagram_request_answers_the_sender),
		cmocka_unit_test(a_unix_path_too_long_is_refused),
		cmocka_unit_test(shutdown_waits_for_the_request_being_handled),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
