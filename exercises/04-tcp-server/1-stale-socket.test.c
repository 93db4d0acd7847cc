/* Exercise 1's test: TidyUnixStreamServer on a path that holds a stale
 * socket, nothing, a live server's socket, and a plain file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "1-stale-socket.h"
#include "support.h"

static const ss_handler_class quiet_handler = {
	.name = "QuietHandler",
	.base = &ss_base_request_handler,
};

static const char *dir;
static char path[256];

static int
setup(void **state)
{
	(void)state;
	support_watchdog(30);
	dir = support_temp_dir();
	if (dir == NULL)
		return -1;
	snprintf(path, sizeof path, "%s/server.sock", dir);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	unlink(path);
	support_remove_temp_dir(dir);
	return 0;
}

/* A crashed server's leftover: a socket bound to path, closed, file kept. */
static void
leave_a_stale_socket(void)
{
	ss_address address;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	assert_int_equal(ss_unix_address_parse(path, &address), 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&address.storage, address.length), 0);
	close(fd);
}

/* A client can connect to path (someone listens there). */
static bool
reachable(void)
{
	int client = support_connect_unix(path, SOCK_STREAM);

	if (client < 0)
		return false;
	close(client);
	return true;
}

static void
a_stale_socket_is_removed_and_the_server_starts(void **state)
{
	(void)state;
	leave_a_stale_socket();
	ss_server *server = ss_server_new(&tidy_unix_stream_server, path, &quiet_handler, NULL);
	if (server == NULL)
		fail_msg("a stale socket file (nobody listens on it) at %s, and the server did not "
		         "start: %s. Is the file removed when connect() is refused?", path, ss_error());
	if (!reachable())
		fail_msg("the server started, but a client cannot connect to %s", path);
	ss_server_free(server);
}

static void
nothing_there_is_fine(void **state)
{
	(void)state;
	ss_server *server = ss_server_new(&tidy_unix_stream_server, path, &quiet_handler, NULL);
	if (server == NULL)
		fail_msg("nothing at %s, and the server did not start: %s", path, ss_error());
	ss_server_free(server);
}

static void
a_live_server_keeps_its_socket(void **state)
{
	struct stat before, after;

	(void)state;
	ss_server *first = ss_server_new(&ss_unix_stream_server, path, &quiet_handler, NULL);
	if (first == NULL)
		fail_msg("cannot start the first server on %s: %s", path, ss_error());
	assert_int_equal(lstat(path, &before), 0);

	errno = 0;
	ss_server *second = ss_server_new(&tidy_unix_stream_server, path, &quiet_handler, NULL);
	int error = errno;
	bool first_still_reachable = lstat(path, &after) == 0 && after.st_ino == before.st_ino &&
	                             reachable();
	if (second != NULL)
		ss_server_free(second);
	ss_server_free(first);
	if (!first_still_reachable)
		fail_msg("a server was listening on %s, and its socket file was removed: clients "
		         "can no longer reach it. Remove the file only if connect() is refused.",
		         path);
	if (second != NULL)
		fail_msg("a second server started on %s, where a server was listening; expected "
		         "it to fail with EADDRINUSE", path);
	if (error != EADDRINUSE)
		fail_msg("the second server failed with %s; expected EADDRINUSE, from bind",
		         strerror(error));
}

static void
a_plain_file_is_never_removed(void **state)
{
	char content[16] = "";

	(void)state;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "precious", 8), 8);
	close(fd);

	ss_server *server = ss_server_new(&tidy_unix_stream_server, path, &quiet_handler, NULL);
	if (server != NULL)
		ss_server_free(server);
	fd = open(path, O_RDONLY);
	bool kept = fd >= 0 && read(fd, content, sizeof content - 1) == 8 &&
	            strcmp(content, "precious") == 0;
	if (fd >= 0)
		close(fd);
	if (!kept)
		fail_msg("a plain file at %s was removed or changed: only a stale *socket* may be "
		         "removed (lstat, S_ISSOCK)", path);
	if (server != NULL)
		fail_msg("a server started on %s, where a plain file is; expected bind to fail", path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_stale_socket_is_removed_and_the_server_starts, setup, teardown),
		cmocka_unit_test_setup_teardown(nothing_there_is_fine, setup, teardown),
		cmocka_unit_test_setup_teardown(a_live_server_keeps_its_socket, setup, teardown),
		cmocka_unit_test_setup_teardown(a_plain_file_is_never_removed, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
