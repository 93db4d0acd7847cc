/* test_echo_server.c — echo-server over loopback, every kind: the echo, 20
 * clients one after another with every byte checked, 1 MiB through TCP,
 * hundreds of datagrams, the datagram cut at max_packet_size, the Unix
 * kinds in a temp dir, the synchronous limit, and the program conventions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "net.h"
#include "support.h"

static int
setup(void **state)
{
	(void)state;
	support_watchdog(120);
	return 0;
}

static void
start(support_process *server, const char *kind, const char *address)
{
	const char *args[] = {"--kind", kind, "--listen", address, NULL};

	assert_int_equal(support_start(server, "echo-server", args, true), 0);
}

static void
stop(support_process *server, int signal_number)
{
	assert_int_equal(support_stop(server, signal_number), 0);
}

static void
assert_echo(int client, const void *message, size_t length)
{
	char reply[8192];

	assert_true(length <= sizeof reply);
	assert_int_equal(support_send_all(client, message, length), 0);
	assert_int_equal(support_recv_exact(client, reply, length, SUPPORT_WAIT_MS), 0);
	assert_memory_equal(reply, message, length);
}

/* ---- stream kinds ------------------------------------------------------------ */

static void
twenty_sequential_clients_every_byte_verified(void **state)
{
	(void)state;
	support_process server;
	static unsigned char message[5000];

	start(&server, "tcp", "127.0.0.1:0");
	for (int client_number = 0; client_number < 20; client_number++) {
		int client = support_connect(server.address);
		assert_true(client >= 0);
		for (size_t i = 0; i < sizeof message; i++) /* every byte value, per client */
			message[i] = (unsigned char)(i * 7 + (size_t)client_number);
		assert_echo(client, message, sizeof message);
		assert_echo(client, "bye\n", 4);
		close(client);
	}
	stop(&server, SIGTERM);
}

struct sender {
	int fd;
	const unsigned char *data;
	size_t size;
	int status;
};

static void *
send_everything(void *argument)
{
	struct sender *sender = argument;

	sender->status = support_send_all(sender->fd, sender->data, sender->size);
	shutdown(sender->fd, SHUT_WR);
	return NULL;
}

/* One MiB: one thread sends while this one reads the echo, or both sides
 * would block with full buffers. */
static void
one_mebibyte_through_the_tcp_echo(void **state)
{
	(void)state;
	enum { SIZE = 1 << 20 };
	support_process server;
	unsigned char *data = malloc(SIZE), *echoed = malloc(SIZE);
	pthread_t thread;

	assert_non_null(data);
	assert_non_null(echoed);
	for (size_t i = 0; i < SIZE; i++)
		data[i] = (unsigned char)(i ^ (i >> 8) ^ (i >> 16));
	start(&server, "tcp", "127.0.0.1:0");
	int client = support_connect(server.address);
	assert_true(client >= 0);
	struct sender sender = {.fd = client, .data = data, .size = SIZE};
	assert_int_equal(pthread_create(&thread, NULL, send_everything, &sender), 0);
	assert_int_equal(support_recv_exact(client, echoed, SIZE, SUPPORT_WAIT_MS), 0);
	pthread_join(thread, NULL);
	assert_int_equal(sender.status, 0);
	assert_memory_equal(echoed, data, SIZE);
	assert_true(support_peer_closed(client, SUPPORT_WAIT_MS)); /* EOF back after ours */
	close(client);
	stop(&server, SIGTERM);
	free(data);
	free(echoed);
}

/* The synchronous limit: while client 1's handler runs, client 2 is only in
 * the listen backlog; it is served when client 1 leaves. */
static void
one_request_at_a_time(void **state)
{
	(void)state;
	support_process server;
	char reply[4];

	start(&server, "tcp", "127.0.0.1:0");
	int first = support_connect(server.address);
	assert_true(first >= 0);
	assert_echo(first, "one\n", 4);
	int second = support_connect(server.address);
	assert_true(second >= 0);
	assert_int_equal(support_send_all(second, "two\n", 4), 0);
	assert_echo(first, "still one\n", 10); /* the server is in first's handler... */
	assert_int_equal(recv(second, reply, sizeof reply, MSG_DONTWAIT), -1); /* ...not second's */
	assert_true(errno == EAGAIN || errno == EWOULDBLOCK);
	close(first);
	assert_int_equal(support_recv_exact(second, reply, 4, SUPPORT_WAIT_MS), 0);
	assert_memory_equal(reply, "two\n", 4);
	close(second);
	stop(&server, SIGINT);
}

static void
ipv6_tcp_echo(void **state)
{
	(void)state;
	support_process server;
	const char *args[] = {"--kind", "tcp", "--listen", "[::1]:0", NULL};

	if (support_start(&server, "echo-server", args, true) == -1) {
		support_stop(&server, SIGKILL);
		skip(); /* no IPv6 loopback here */
	}
	assert_true(strncmp(server.address, "[::1]:", 6) == 0);
	int client = support_connect(server.address);
	assert_true(client >= 0);
	assert_echo(client, "six\n", 4);
	close(client);
	stop(&server, SIGTERM);
}

static void
unix_stream_echo_leaves_its_path(void **state)
{
	(void)state;
	char dir[256], path[300];
	support_process server;
	struct stat info;

	snprintf(dir, sizeof dir, "%s", support_temp_dir());
	snprintf(path, sizeof path, "%s/echo.sock", dir);
	start(&server, "unix-stream", path);
	assert_string_equal(server.address, path);
	for (int i = 0; i < 3; i++) {
		int client = support_connect_unix(path, SOCK_STREAM);
		assert_true(client >= 0);
		assert_echo(client, "over a unix socket\n", 19);
		close(client);
	}
	stop(&server, SIGTERM);
	assert_int_equal(stat(path, &info), 0); /* Python leaves it too */
	support_remove_temp_dir(dir);
}

/* ---- datagram kinds ---------------------------------------------------------- */

static int
udp_client(const char *address)
{
	ss_address to;

	assert_int_equal(ss_address_parse(address, &to), 0);
	int fd = socket(ss_address_family(&to), SOCK_DGRAM | SOCK_CLOEXEC, 0);
	assert_true(fd >= 0);
	assert_int_equal(connect(fd, (const struct sockaddr *)&to.storage, to.length), 0);
	return fd;
}

/* Send one datagram, wait for its echo: one in flight at a time, so none is
 * lost to a full buffer even on a busy machine. */
static void
assert_datagram_echo(int client, const void *message, size_t length, size_t expected)
{
	static char reply[16384];

	assert_int_equal(send(client, message, length, 0), (ssize_t)length);
	assert_int_equal(support_wait_readable(client, SUPPORT_WAIT_MS), 1);
	assert_int_equal(recv(client, reply, sizeof reply, 0), (ssize_t)expected);
	assert_memory_equal(reply, message, expected);
}

static void
udp_echo_of_many_packets(void **state)
{
	(void)state;
	support_process server;

	start(&server, "udp", "127.0.0.1:0");
	int client = udp_client(server.address);
	for (int i = 0; i < 500; i++) {
		char message[64];
		int length = snprintf(message, sizeof message, "packet %d of 500", i);
		assert_datagram_echo(client, message, (size_t)length, (size_t)length);
	}
	assert_datagram_echo(client, "", 0, 0); /* an empty datagram is a request too */
	close(client);
	stop(&server, SIGTERM);
}

/* 10000 bytes sent; the server receives max_packet_size (8192) of them and
 * echoes those: the rest was dropped by the kernel. */
static void
an_oversized_datagram_comes_back_cut_to_max_packet_size(void **state)
{
	(void)state;
	support_process server;
	static char big[10000];

	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)('A' + i % 26);
	start(&server, "udp", "127.0.0.1:0");
	int client = udp_client(server.address);
	assert_datagram_echo(client, big, sizeof big, 8192);
	assert_datagram_echo(client, big, 8192, 8192);
	assert_datagram_echo(client, "small again", 11, 11);
	close(client);
	stop(&server, SIGTERM);
}

/* A Unix datagram client must bind its own path to get an answer. */
static void
unix_datagram_echo(void **state)
{
	(void)state;
	char dir[256], path[300], client_path[300];
	support_process server;
	struct sockaddr_un me = {.sun_family = AF_UNIX};

	snprintf(dir, sizeof dir, "%s", support_temp_dir());
	snprintf(path, sizeof path, "%s/echo.sock", dir);
	snprintf(client_path, sizeof client_path, "%s/client.sock", dir);
	start(&server, "unix-dgram", path);
	int client = support_connect_unix(path, SOCK_DGRAM);
	assert_true(client >= 0);
	assert_true(strlen(client_path) < sizeof me.sun_path);
	memcpy(me.sun_path, client_path, strlen(client_path) + 1);
	assert_int_equal(bind(client, (struct sockaddr *)&me, sizeof me), 0);
	for (int i = 0; i < 50; i++)
		assert_datagram_echo(client, "unix datagram", 13, 13);
	close(client);
	stop(&server, SIGTERM);
	support_remove_temp_dir(dir);
}

/* ---- the program conventions ------------------------------------------------- */

static int
run_to_exit(const char *const args[], char *error_text, size_t size)
{
	return support_run_to_exit("echo-server", args, false, error_text, size);
}

static void
bad_arguments_exit_2(void **state)
{
	(void)state;
	char text[512];
	const char *none[] = {NULL};
	const char *no_listen[] = {"--kind", "tcp", NULL};
	const char *no_kind[] = {"--listen", "127.0.0.1:0", NULL};
	const char *bad_kind[] = {"--kind", "sctp", "--listen", "127.0.0.1:0", NULL};
	const char *extra[] = {"--kind", "udp", "--listen", "127.0.0.1:0", "surplus", NULL};

	assert_int_equal(run_to_exit(none, text, sizeof text), 2);
	assert_int_equal(run_to_exit(no_listen, text, sizeof text), 2);
	assert_int_equal(run_to_exit(no_kind, text, sizeof text), 2);
	assert_int_equal(run_to_exit(bad_kind, text, sizeof text), 2);
	assert_non_null(strstr(text, "unknown kind 'sctp'"));
	assert_int_equal(run_to_exit(extra, text, sizeof text), 2);
}

static void
cannot_listen_exits_1_naming_the_address(void **state)
{
	(void)state;
	support_process server;
	char text[512];

	start(&server, "tcp", "127.0.0.1:0");
	const char *taken[] = {"--kind", "tcp", "--listen", server.address, NULL};
	assert_int_equal(run_to_exit(taken, text, sizeof text), 1);
	assert_non_null(strstr(text, server.address));
	assert_non_null(strstr(text, "in use"));
	stop(&server, SIGTERM);

	const char *no_dir[] = {"--kind", "unix-stream", "--listen", "/nonexistent-dir/echo.sock", NULL};
	assert_int_equal(run_to_exit(no_dir, text, sizeof text), 1);
	assert_non_null(strstr(text, "/nonexistent-dir/echo.sock"));
}

static void
sigint_mid_conversation_exits_0(void **state)
{
	(void)state;
	support_process server;

	start(&server, "tcp", "127.0.0.1:0");
	int client = support_connect(server.address);
	assert_true(client >= 0);
	assert_echo(client, "hi\n", 3); /* the server is inside the handler now */
	stop(&server, SIGINT);
	close(client);

	start(&server, "udp", "127.0.0.1:0");
	stop(&server, SIGTERM);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(twenty_sequential_clients_every_byte_verified),
		cmocka_unit_test(one_mebibyte_through_the_tcp_echo),
		cmocka_unit_test(one_request_at_a_time),
		cmocka_unit_test(ipv6_tcp_echo),
		cmocka_unit_test(unix_stream_echo_leaves_its_path),
		cmocka_unit_test(udp_echo_of_many_packets),
		cmocka_unit_test(an_oversized_datagram_comes_back_cut_to_max_packet_size),
		cmocka_unit_test(unix_datagram_echo),
		cmocka_unit_test(bad_arguments_exit_2),
		cmocka_unit_test(cannot_listen_exits_1_naming_the_address),
		cmocka_unit_test(sigint_mid_conversation_exits_0),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
