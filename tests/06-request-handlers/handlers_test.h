/* handlers_test.h — what test_handlers.c (the synchronous servers) and
 * test_handlers_concurrent.c (the threading and forking ones) share: the
 * upper-casing handlers, stream and datagram, and their fixture — a fresh
 * temp dir and fd count per test, a server on an address or in the temp
 * dir, clients of either kind, a check of the bytes a client receives.
 * Include it after cmocka.h (it asserts).
 * Included by one test file each (static: each test binary is one
 * translation unit). */
#ifndef HANDLERS_TEST_H
#define HANDLERS_TEST_H

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "request_handlers.h"
#include "support.h"
#include "tcp_server.h"

/* ---- handlers ------------------------------------------------------------ */

static inline void
to_upper(char *bytes, size_t size)
{
	for (size_t i = 0; i < size; i++)
		bytes[i] = (char)toupper((unsigned char)bytes[i]);
}

/* Each line read, written back upper-cased: 0 at the end of the input. */
static inline int
upper_lines(ss_rfile *rfile, ss_wfile *wfile)
{
	char line[256];
	ssize_t length;

	while ((length = ss_rfile_readline(rfile, line, sizeof line)) > 0) {
		to_upper(line, (size_t)length);
		if (ss_wfile_write(wfile, line, (size_t)length) == -1)
			return -1;
	}
	return (int)length;
}

static inline int
upper_stream_handle(ss_handler *self)
{
	ss_stream_handler *h = ss_stream_handler_of(self);
	return upper_lines(&h->rfile, &h->wfile);
}

static inline int
upper_datagram_handle(ss_handler *self)
{
	ss_datagram_handler *h = ss_datagram_handler_of(self);
	return upper_lines(&h->rfile, &h->wfile);
}

static const ss_handler_class upper_stream = {
	.name = "UpperStream", .base = &ss_stream_request_handler, .handle = upper_stream_handle};
static const ss_handler_class upper_datagram = {
	.name = "UpperDatagram", .base = &ss_datagram_request_handler, .handle = upper_datagram_handle};

/* ---- fixture --------------------------------------------------------------- */

static int fds_before;
static const char *temp_dir;

/* The part of each test's setup both files share; 0, or -1 (no temp dir). */
static inline int
handlers_test_begin(void)
{
	ss_reserve_fd_init();
	ss_clear_stop();
	fds_before = support_fd_count();
	temp_dir = support_temp_dir();
	return temp_dir ? 0 : -1;
}

static inline int
teardown(void **state)
{
	(void)state;
	support_remove_temp_dir(temp_dir);
	assert_int_equal(support_fd_count(), fds_before);
	return 0;
}

/* A server of cls on address ("unix": a path in the temp dir, made anew). */
static inline ss_server *
new_server(const ss_server_class *cls, const char *address, const ss_handler_class *handler)
{
	char path[256];

	if (strcmp(address, "unix") == 0) {
		snprintf(path, sizeof path, "%s/server.sock", temp_dir);
		unlink(path); /* left by the last server there, as Python leaves it */
		address = path;
	}
	ss_server *server = ss_server_new(cls, address, handler, NULL);
	if (server == NULL)
		fail_msg("cannot make a %s on %s: %s", cls->name, address, ss_error());
	return server;
}

static inline bool
is_unix(const ss_server *server)
{
	return server->server_address[0] == '/';
}

static inline int
stream_client(ss_server *server)
{
	int fd = is_unix(server) ? support_connect_unix(server->server_address, SOCK_STREAM)
	                         : support_connect(server->server_address);
	assert_true(fd >= 0);
	return fd;
}

/* A datagram client connected to the server (bound, for AF_UNIX, to a path
 * in the temp dir unless bound is false: then it has no address). */
static inline int
datagram_client(ss_server *server, bool bound)
{
	ss_address address;
	int fd;

	if (is_unix(server)) {
		assert_int_equal(ss_unix_address_parse(server->server_address, &address), 0);
		fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (bound) {
			ss_address mine;
			char path[256];
			snprintf(path, sizeof path, "%s/client.sock", temp_dir);
			unlink(path);
			assert_int_equal(ss_unix_address_parse(path, &mine), 0);
			assert_int_equal(bind(fd, (struct sockaddr *)&mine.storage, mine.length), 0);
		}
	} else {
		assert_int_equal(ss_address_parse(server->server_address, &address), 0);
		fd = socket(ss_address_family(&address), SOCK_DGRAM | SOCK_CLOEXEC, 0);
	}
	assert_true(fd >= 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&address.storage, address.length), 0);
	return fd;
}

static inline void
expect_bytes(int fd, const char *expected)
{
	size_t length = strlen(expected);
	char buffer[512];

	if (support_recv_exact(fd, buffer, length, SUPPORT_WAIT_MS) == -1)
		fail_msg("the client did not receive \"%s\"", expected);
	assert_memory_equal(buffer, expected, length);
}

#endif
