/* test_prog_serve.c — the serve program: the resolution order it prints
 * for each of the twelve classes; each class, started by its Python name,
 * echoes over loopback (IPv4, IPv6, Unix sockets in a temp dir); the
 * Threading and Forking stream classes hold ten conversations at once; the
 * program conventions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "net.h"
#include "support.h"
#include "fd_fixture.h"

static int
setup(void **state)
{
	(void)state;
	support_watchdog(180);
	return 0;
}

/* Python 3.11: [c.__name__ for c in socketserver.X.__mro__][:-1] (no object). */
static const char *const resolution_orders[] = {
	"TCPServer -> BaseServer",
	"UDPServer -> TCPServer -> BaseServer",
	"UnixStreamServer -> TCPServer -> BaseServer",
	"UnixDatagramServer -> UDPServer -> TCPServer -> BaseServer",
	"ThreadingTCPServer -> ThreadingMixIn -> TCPServer -> BaseServer",
	"ThreadingUDPServer -> ThreadingMixIn -> UDPServer -> TCPServer -> BaseServer",
	"ThreadingUnixStreamServer -> ThreadingMixIn -> UnixStreamServer -> TCPServer -> BaseServer",
	"ThreadingUnixDatagramServer -> ThreadingMixIn -> UnixDatagramServer -> UDPServer -> TCPServer -> BaseServer",
	"ForkingTCPServer -> ForkingMixIn -> TCPServer -> BaseServer",
	"ForkingUDPServer -> ForkingMixIn -> UDPServer -> TCPServer -> BaseServer",
	"ForkingUnixStreamServer -> ForkingMixIn -> UnixStreamServer -> TCPServer -> BaseServer",
	"ForkingUnixDatagramServer -> ForkingMixIn -> UnixDatagramServer -> UDPServer -> TCPServer -> BaseServer",
};
enum { CLASSES = sizeof resolution_orders / sizeof resolution_orders[0] };

/* The class name: the first word of its resolution order. */
static void
class_name(size_t i, char *name, size_t size)
{
	snprintf(name, size, "%.*s", (int)strcspn(resolution_orders[i], " "), resolution_orders[i]);
}

static void
every_resolution_order_is_pythons(void **state)
{
	(void)state;
	support_process process;
	char line[256], name[64];
	const char *all[] = {"--print-mro", NULL};

	assert_int_equal(support_start(&process, "serve", all, false), 0);
	for (size_t i = 0; i < CLASSES; i++) {
		assert_true(support_read_line(process.stdout_fd, line, sizeof line, SUPPORT_WAIT_MS) >= 0);
		assert_string_equal(line, resolution_orders[i]);
	}
	assert_int_equal(support_read_line(process.stdout_fd, line, sizeof line, SUPPORT_WAIT_MS), -1);
	assert_int_equal(support_stop(&process, 0), 0);

	for (size_t i = 0; i < CLASSES; i++) {
		class_name(i, name, sizeof name);
		const char *one[] = {"--server", name, "--print-mro", NULL};
		assert_int_equal(support_start(&process, "serve", one, false), 0);
		assert_true(support_read_line(process.stdout_fd, line, sizeof line, SUPPORT_WAIT_MS) >= 0);
		assert_string_equal(line, resolution_orders[i]);
		assert_int_equal(support_stop(&process, 0), 0);
	}
}

/* ---- the echo, class by class ------------------------------------------------ */

static bool
is_datagram(const char *name)
{
	return strstr(name, "UDP") != NULL || strstr(name, "Datagram") != NULL;
}

static bool
is_unix(const char *name)
{
	return strstr(name, "Unix") != NULL;
}

static bool
is_concurrent(const char *name)
{
	return strncmp(name, "Threading", 9) == 0 || strncmp(name, "Forking", 7) == 0;
}

static void
assert_stream_echo(int client, const char *message)
{
	char reply[256];
	size_t length = strlen(message);

	assert_int_equal(support_send_all(client, message, length), 0);
	assert_int_equal(support_recv_exact(client, reply, length, SUPPORT_WAIT_MS), 0);
	assert_memory_equal(reply, message, length);
}

static void
assert_datagram_echo(int client, const char *message)
{
	char reply[256];
	size_t length = strlen(message);

	assert_int_equal(send(client, message, length, 0), (ssize_t)length);
	assert_int_equal(support_wait_readable(client, SUPPORT_WAIT_MS), 1);
	assert_int_equal(recv(client, reply, sizeof reply, 0), (ssize_t)length);
	assert_memory_equal(reply, message, length);
}

/* A datagram client connected to address (inet), or to path with a bound
 * path of its own (Unix: the server answers to the client's address). */
static int
datagram_client(const char *name, const char *address, const char *dir, int number)
{
	if (!is_unix(name)) {
		ss_address to;
		assert_int_equal(ss_address_parse(address, &to), 0);
		int fd = socket(ss_address_family(&to), SOCK_DGRAM | SOCK_CLOEXEC, 0);
		assert_true(fd >= 0);
		assert_int_equal(connect(fd, (const struct sockaddr *)&to.storage, to.length), 0);
		return fd;
	}
	struct sockaddr_un me = {.sun_family = AF_UNIX};
	int fd = support_connect_unix(address, SOCK_DGRAM);
	assert_true(fd >= 0);
	int length = snprintf(me.sun_path, sizeof me.sun_path, "%s/client-%d.sock", dir, number);
	assert_true(length > 0 && (size_t)length < sizeof me.sun_path);
	assert_int_equal(bind(fd, (struct sockaddr *)&me, sizeof me), 0);
	return fd;
}

static int
stream_client(const char *name, const char *address)
{
	int fd = is_unix(name) ? support_connect_unix(address, SOCK_STREAM) : support_connect(address);

	assert_true(fd >= 0);
	return fd;
}

enum { AT_ONCE = 10 };

/* Start serve --server name; echo through it. Concurrent stream classes:
 * AT_ONCE clients connected at once, answered in reverse order of arrival
 * — which a server serving one at a time could not do. */
static void
echo_through(const char *name, const char *listen)
{
	support_process server;
	char dir[256], path[320], message[64];
	const char *args[] = {"--server", name, "--listen", listen, NULL};
	int clients[AT_ONCE];

	snprintf(dir, sizeof dir, "%s", support_temp_dir());
	if (is_unix(name)) {
		snprintf(path, sizeof path, "%s/serve.sock", dir);
		args[3] = path;
	}
	if (support_start(&server, "serve", args, true) != 0)
		fail_msg("serve --server %s --listen %s did not say \"listening on\"", name, args[3]);
	int count = is_concurrent(name) ? AT_ONCE : 1;
	for (int i = 0; i < count; i++)
		clients[i] = is_datagram(name) ? datagram_client(name, server.address, dir, i)
		                               : stream_client(name, server.address);
	for (int i = count - 1; i >= 0; i--) {
		snprintf(message, sizeof message, "%s, client %d\n", name, i);
		if (is_datagram(name))
			assert_datagram_echo(clients[i], message);
		else
			assert_stream_echo(clients[i], message);
	}
	for (int i = 0; i < count; i++)
		close(clients[i]);
	assert_int_equal(support_stop(&server, SIGTERM), 0);
	support_remove_temp_dir(dir);
}

static void
every_class_echoes(void **state)
{
	(void)state;
	char name[64];

	for (size_t i = 0; i < CLASSES; i++) {
		class_name(i, name, sizeof name);
		echo_through(name, "127.0.0.1:0");
	}
}

static void
ipv6_threading_and_forking(void **state)
{
	(void)state;
	int probe = socket(AF_INET6, SOCK_STREAM, 0);
	struct sockaddr_in6 loopback = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT};
	bool has_ipv6 = probe >= 0 && bind(probe, (struct sockaddr *)&loopback, sizeof loopback) == 0;

	if (probe >= 0)
		close(probe);
	if (!has_ipv6)
		skip(); /* no ::1 on this machine: said in the output as SKIPPED */
	echo_through("ThreadingTCPServer", "[::1]:0");
	echo_through("ForkingUDPServer", "[::1]:0");
}

/* ---- the program conventions --------------------------------------------------- */

static int
exit_status(const char *const args[], bool from_stdout, char *text, size_t size)
{
	return support_run_to_exit("serve", args, from_stdout, text, size);
}

static void
conventions(void **state)
{
	(void)state;
	support_process server;
	char text[512];
	const char *help[] = {"--help", NULL};
	const char *none[] = {NULL};
	const char *no_listen[] = {"--server", "TCPServer", NULL};
	const char *unknown[] = {"--server", "ThreadingSCTPServer", "--listen", "127.0.0.1:0", NULL};
	const char *mro_and_listen[] = {"--print-mro", "--listen", "127.0.0.1:0", NULL};

	assert_int_equal(exit_status(help, true, text, sizeof text), 0);
	assert_non_null(strstr(text, "usage: serve"));
	assert_int_equal(exit_status(none, false, text, sizeof text), 2);
	assert_int_equal(exit_status(no_listen, false, text, sizeof text), 2);
	assert_int_equal(exit_status(unknown, false, text, sizeof text), 2);
	assert_non_null(strstr(text, "unknown server class 'ThreadingSCTPServer'"));
	assert_int_equal(exit_status(mro_and_listen, false, text, sizeof text), 2);

	const char *first[] = {"--server", "ThreadingTCPServer", "--listen", "127.0.0.1:0", NULL};
	assert_int_equal(support_start(&server, "serve", first, true), 0);
	const char *taken[] = {"--server", "ForkingTCPServer", "--listen", server.address, NULL};
	assert_int_equal(exit_status(taken, false, text, sizeof text), 1);
	assert_non_null(strstr(text, server.address));
	assert_int_equal(support_stop(&server, SIGINT), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(every_resolution_order_is_pythons, count_fds, no_fd_leaked),
		cmocka_unit_test_setup_teardown(every_class_echoes, count_fds, no_fd_leaked),
		cmocka_unit_test_setup_teardown(ipv6_threading_and_forking, count_fds, no_fd_leaked),
		cmocka_unit_test_setup_teardown(conventions, count_fds, no_fd_leaked),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
