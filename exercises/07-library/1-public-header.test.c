/* 1-public-header.test.c — your reverse_server_new, as a program outside
 * this repository would use it. First your file itself: it includes no
 * header of ours but <socketserver.h> (and the exercise's own, which
 * includes that), and names nothing internal (ss__). Then the server it makes: a ThreadingTCPServer whose handler is
 * a StreamRequestHandler. Then two clients over loopback at once: the
 * second is answered while the first is still connected, every line comes
 * back reversed, and nothing is left open after ss_server_free.
 *
 * This test, like your file, is built with lib/dist/ alone on the include
 * path (the Makefile's LIBRARY_CHAPTER); SS_EXERCISE_SOURCE names your file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <glob.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "1-public-header.h"
#include "support.h"

/* ---- the file: the public header, and nothing of the library's inside ---- */

/* Where under the repository a header of this name is, if it is one of
 * the library's sources (a chapter's) or of the tests'. */
static const char *
whose_header(const char *name, char *found, size_t size)
{
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	const char *places[] = {"chapters/*/%s", "tests/support/%s", "exercises/*/%s"};
	char pattern[512];
	glob_t matches;

	for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
		snprintf(pattern, sizeof pattern, places[i], base);
		if (glob(pattern, 0, NULL, &matches) == 0) {
			snprintf(found, size, "%s", matches.gl_pathv[0]);
			globfree(&matches);
			return found;
		}
		globfree(&matches);
	}
	return NULL;
}

/* Is `#include <name>` or `#include "name"` (open: '<' or '"') one of ours
 * that a program outside would not have? A quoted name is looked for beside
 * the file first: it is ours when the repository has a header of that name.
 * A name in angle brackets is the system's (<error.h> is glibc's, not
 * chapter 1's) unless it climbs out with .. or is found on the include path
 * this test adds for itself (tests/support, exercises/07-library). */
static bool
ours(char open, const char *name, char *found, size_t size)
{
	char path[600];

	if (strcmp(name, "socketserver.h") == 0 ||
	    (open == '"' && strcmp(name, "1-public-header.h") == 0))
		return false; /* the public header, or the exercise's, which includes it */
	if (strstr(name, "..") != NULL) {
		if (whose_header(name, found, size) == NULL)
			snprintf(found, size, "a path out of the include path");
		return true;
	}
	if (open == '"')
		return whose_header(name, found, size) != NULL;
	const char *test_paths[] = {"tests/support", "exercises/07-library"};
	for (size_t i = 0; i < sizeof test_paths / sizeof test_paths[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", test_paths[i], name);
		if (access(path, F_OK) == 0) {
			snprintf(found, size, "%s", path);
			return true;
		}
	}
	return false;
}

static void
includes_the_public_header_and_nothing_inside(void **state)
{
	(void)state;
	FILE *file = fopen(SS_EXERCISE_SOURCE, "r");
	char line[1024], name[512], found[600];
	int number = 0;

	if (file == NULL)
		fail_msg("cannot read your file %s (run the test from the repository's top "
		         "directory, as make exercises does)", SS_EXERCISE_SOURCE);
	while (fgets(line, sizeof line, file) != NULL) {
		number++;
		if (strstr(line, "ss__") != NULL) {
			fclose(file);
			fail_msg("%s:%d names something starting with ss__: two underscores mark the "
			         "library's internals (lib/socketserver.h, \"Public or internal\"). A "
			         "program never names them", SS_EXERCISE_SOURCE, number);
		}
		char open, close;
		const char *p = line;
		while (isspace((unsigned char)*p))
			p++;
		if (*p++ != '#')
			continue;
		while (isspace((unsigned char)*p))
			p++;
		if (sscanf(p, "include %c%511[^\">]%c", &open, name, &close) != 3)
			continue;
		if (ours(open, name, found, sizeof found)) {
			fclose(file);
			fail_msg("%s:%d includes %c%s%c (%s): a program outside this repository "
			         "has only <socketserver.h>, which brings in every public header, "
			         "and the system's headers. Include <socketserver.h> instead",
			         SS_EXERCISE_SOURCE, number, open, name, close, found);
		}
	}
	fclose(file);
}

/* ---- the server: which classes ---------------------------------------- */

/* Does handler_class have ancestor among its bases (or is it)? */
static bool
derives_from(const ss_handler_class *handler_class, const ss_handler_class *ancestor)
{
	for (; handler_class != NULL; handler_class = handler_class->base)
		if (handler_class == ancestor)
			return true;
	return false;
}

static ss_server *
new_server_or_fail(void)
{
	ss_server *server = reverse_server_new("127.0.0.1:0");
	if (server == NULL)
		fail_msg("reverse_server_new(\"127.0.0.1:0\") returned NULL (%s): not written "
		         "yet? (the TODO)", ss_error()[0] ? ss_error() : "ss_error() says nothing");
	return server;
}

/* Fails (after freeing server) unless it is the server the exercise asks for. */
static void
assert_threading_server_with_stream_handler(ss_server *server)
{
	const ss_server_class *type = server->type;
	const ss_handler_class *handler_class = server->handler_class;

	if (type != &ss_threading_tcp_server) {
		ss_server_free(server);
		fail_msg("the server is a %s, not a ThreadingTCPServer: its clients would be "
		         "served one at a time, and a second waits until the first leaves. "
		         "Make it with &ss_threading_tcp_server", type->name);
	}
	if (handler_class == NULL || !derives_from(handler_class, &ss_stream_request_handler)) {
		ss_server_free(server);
		fail_msg("the handler class %s is not a StreamRequestHandler: rfile and wfile "
		         "are made by StreamRequestHandler's setup. Give it "
		         ".base = &ss_stream_request_handler",
		         handler_class != NULL ? handler_class->name : "(none)");
	}
}

static void
a_threading_server_whose_handler_is_a_stream_handler(void **state)
{
	(void)state;
	ss_server *server = new_server_or_fail();
	assert_threading_server_with_stream_handler(server);
	ss_server_free(server);
}

/* ---- the server in use: two clients at once ------------------------------ */

static void *
serve(void *server)
{
	ss_serve_forever(server, 0.05);
	return NULL;
}

/* Send text, expect the line back as want (without its newline). */
static void
assert_answer(int client, const char *who, const char *text, const char *want)
{
	char line[256];

	if (support_send_all(client, text, strlen(text)) == -1)
		fail_msg("%s could not send %s to the server", who, text);
	if (support_read_line(client, line, sizeof line, SUPPORT_WAIT_MS) < 0)
		fail_msg("%s sent \"%.*s\\n\" and had no answer within %d s%s", who,
		         (int)strcspn(text, "\n"), text, SUPPORT_WAIT_MS / 1000,
		         strcmp(who, "the second client") == 0
		                 ? " — while the first client was still connected: is each "
		                   "client on a thread of its own?"
		                 : "");
	if (strcmp(line, want) != 0)
		fail_msg("%s sent \"%.*s\\n\" and got \"%s\" back, not \"%s\"", who,
		         (int)strcspn(text, "\n"), text, line, want);
}

static void
two_clients_at_once_get_their_lines_reversed(void **state)
{
	(void)state;
	int fds_before = support_fd_count();
	pthread_t serving;

	ss_server *server = new_server_or_fail();
	assert_threading_server_with_stream_handler(server);
	assert_int_equal(pthread_create(&serving, NULL, serve, server), 0);

	int first = support_connect(server->server_address);
	int second = support_connect(server->server_address);
	assert_true(first >= 0 && second >= 0);
	assert_answer(first, "the first client", "hello\n", "olleh");
	assert_answer(second, "the second client", "stressed\n", "desserts");
	assert_answer(first, "the first client", "a\n", "a");
	assert_answer(second, "the second client", "\n", "");
	assert_answer(second, "the second client", "ab cd\n", "dc ba");
	close(first);
	close(second);

	ss_shutdown(server);
	pthread_join(serving, NULL);
	ss_server_free(server);
	if (support_fd_count() != fds_before)
		fail_msg("%d file descriptor(s) still open after ss_server_free",
		         support_fd_count() - fds_before);
}

int
main(void)
{
	support_watchdog(60); /* a safety net only: every wait above has its own limit */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(includes_the_public_header_and_nothing_inside),
		cmocka_unit_test(a_threading_server_whose_handler_is_a_stream_handler),
		cmocka_unit_test(two_clients_at_once_get_their_lines_reversed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
