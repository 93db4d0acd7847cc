/* test_outside_program.c — the library as a C programmer outside this
 * repository takes it, two ways:
 *
 *   installed   `make install PREFIX=<temp>`, then each example in lib/examples/ is
 *               built with `pkg-config --cflags --libs socketserver` alone,
 *               run, and driven over loopback; `make uninstall` leaves
 *               nothing of what install wrote;
 *   one file    each example built with lib/dist/socketserver.c and nothing
 *               else, under -std=c11 -Wall -Wextra -Werror, and run the same.
 *
 * Installing and compiling are the same in every build, so the test does
 * them from the normal build only and skips, saying so, in the others. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sys/socket.h>

#include "net.h"
#include "support.h"

#define EXAMPLES "lib/examples"
#define CC_STRICT "cc -std=c11 -Wall -Wextra -Wpedantic -Werror"

static char work[256];

static int
setup(void **state)
{
	(void)state;
	support_watchdog(240);
	snprintf(work, sizeof work, "%s", support_temp_dir());
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	support_remove_temp_dir(work);
	return 0;
}

static void
skip_unless_normal_build(void)
{
	if (strcmp(SS_BIN_DIR, "build/normal/bin") != 0) {
		print_message("built and run from the normal build only (this is %s)\n", SS_BIN_DIR);
		skip();
	}
}

/* Run a shell command (a nested make must not see the outer make's jobserver). */
static int
shell(const char *format, ...)
{
	char command[4096];
	va_list args;

	va_start(args, format);
	vsnprintf(command, sizeof command, format, args);
	va_end(args);
	fflush(NULL);
	return system(command);
}

/* Start program with address 127.0.0.1:0; wait for "listening on ADDRESS". */
static pid_t
start_example(const char *program, char *address, size_t size)
{
	int out[2];
	if (pipe(out) == -1)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		close(out[0]);
		dup2(out[1], STDOUT_FILENO);
		close(out[1]);
		execl(program, program, "127.0.0.1:0", (char *)NULL);
		_exit(127);
	}
	close(out[1]);
	char line[512];
	ssize_t length = support_read_line(out[0], line, sizeof line, 10000);
	close(out[0]);
	if (pid == -1 || length <= 0 || strncmp(line, "listening on ", 13) != 0)
		return -1;
	snprintf(address, size, "%s", line + 13);
	return pid;
}

/* What each example must do, driven over loopback. Every lib/examples/NAME.c
 * has a row: an example without one fails the test. */
static const struct example {
	const char *name;
	int type;               /* SOCK_STREAM: two clients at once; SOCK_DGRAM: one datagram */
	const char *request, *reply;
} examples[] = {
	{"echo-server", SOCK_STREAM, "first\n", "first\n"},
	{"line-server", SOCK_STREAM, "first\n", "1: first\n"},
	{"forking-udp", SOCK_DGRAM, "ping", "PING"},
};

static const struct example *
example_named(const char *name)
{
	for (size_t i = 0; i < sizeof examples / sizeof examples[0]; i++)
		if (strcmp(examples[i].name, name) == 0)
			return &examples[i];
	fail_msg("lib/examples/%s.c has no row in this test's table of examples", name);
	return NULL;
}

/* Two clients connected at once both get their answer: the second while
 * the first still holds its connection (a threading server). */
static void
assert_stream_example(const struct example *e, const char *program, const char *address)
{
	char reply[64];
	size_t size = strlen(e->reply);
	int first = support_connect(address), second = support_connect(address);

	assert_true(first >= 0 && second >= 0);
	assert_int_equal(support_send_all(second, e->request, strlen(e->request)), 0);
	if (support_recv_exact(second, reply, size, 10000) != 0 || memcmp(reply, e->reply, size) != 0)
		fail_msg("%s: the second client got no \"%s\" while the first was connected", program,
		         e->reply);
	assert_int_equal(support_send_all(first, e->request, strlen(e->request)), 0);
	if (support_recv_exact(first, reply, size, 10000) != 0 || memcmp(reply, e->reply, size) != 0)
		fail_msg("%s: the first client got no \"%s\"", program, e->reply);
	close(first);
	close(second);
}

static void
assert_datagram_example(const struct example *e, const char *program, const char *text)
{
	ss_address to;
	char reply[64] = "";
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	assert_int_equal(ss_address_parse(text, &to), 0);
	assert_true(sendto(fd, e->request, strlen(e->request), 0, (const struct sockaddr *)&to.storage,
	                   to.length) >= 0);
	if (support_wait_readable(fd, 10000) != 1 || recv(fd, reply, sizeof reply - 1, 0) <= 0 ||
	    strcmp(reply, e->reply) != 0)
		fail_msg("%s: the datagram \"%s\" got \"%s\", expected \"%s\"", program, e->request,
		         reply, e->reply);
	close(fd);
}

/* The example does its row's work and stops on SIGTERM with status 0. */
static void
assert_example_works(const char *name, const char *program)
{
	const struct example *e = example_named(name);
	char address[512];
	pid_t pid = start_example(program, address, sizeof address);
	if (pid <= 0)
		fail_msg("%s did not start: no \"listening on\" line", program);

	if (e->type == SOCK_STREAM)
		assert_stream_example(e, program, address);
	else
		assert_datagram_example(e, program, address);

	int status;
	kill(pid, SIGTERM);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("%s did not stop cleanly on SIGTERM (status %#x)", program, status);
}

/* Call each(name) for every example in lib/examples/ (NAME.c). */
static void
for_each_example(void (*each)(const char *name))
{
	DIR *directory = opendir(EXAMPLES);
	assert_non_null(directory);
	int count = 0;
	for (struct dirent *entry; (entry = readdir(directory)) != NULL;) {
		size_t length = strlen(entry->d_name);
		if (length > 2 && strcmp(entry->d_name + length - 2, ".c") == 0) {
			char name[256];
			snprintf(name, sizeof name, "%.*s", (int)(length - 2), entry->d_name);
			each(name);
			count++;
		}
	}
	closedir(directory);
	assert_int_equal(count, (int)(sizeof examples / sizeof examples[0]));
}

static void
build_and_run_installed(const char *name)
{
	char program[512];
	snprintf(program, sizeof program, "%s/installed-%s", work, name);
	if (shell("PKG_CONFIG_PATH=%s/prefix/lib/pkgconfig %s %s/%s.c -o %s "
	          "$(PKG_CONFIG_PATH=%s/prefix/lib/pkgconfig pkg-config --cflags --libs socketserver) "
	          "-Wl,-rpath,%s/prefix/lib",
	          work, CC_STRICT, EXAMPLES, name, program, work, work) != 0)
		fail_msg("%s.c does not build against the installed library with pkg-config", name);
	assert_example_works(name, program);
}

static void
test_examples_build_against_the_installed_library(void **state)
{
	(void)state;
	skip_unless_normal_build();
	if (shell("env -u MAKEFLAGS -u MAKELEVEL make -s --no-print-directory install PREFIX=%s/prefix "
	          ">%s/install.out 2>&1", work, work) != 0) {
		shell("cat %s/install.out", work);
		fail_msg("make install failed (its output above)");
	}
	/* only the public headers are installed: an internal one is not */
	if (shell("test -f %s/prefix/include/socketserver/socketserver.h && "
	          "! test -e %s/prefix/include/socketserver/selector.h", work, work) != 0)
		fail_msg("make install should install the public headers and no internal one");
	for_each_example(build_and_run_installed);

	if (shell("env -u MAKEFLAGS -u MAKELEVEL make -s --no-print-directory uninstall PREFIX=%s/prefix "
	          ">/dev/null 2>&1 && test -z \"$(find %s/prefix -type f -o -type l)\"", work, work) != 0)
		fail_msg("make uninstall left files behind in %s/prefix", work);
}

static void
build_and_run_single_file(const char *name)
{
	char program[512];
	snprintf(program, sizeof program, "%s/dist-%s", work, name);
	if (shell("%s -pthread -Ilib/dist %s/%s.c lib/dist/socketserver.c -o %s", CC_STRICT, EXAMPLES,
	          name, program) != 0)
		fail_msg("%s.c does not build with lib/dist/socketserver.c alone", name);
	assert_example_works(name, program);
}

static void
test_examples_build_with_the_single_file(void **state)
{
	(void)state;
	skip_unless_normal_build();
	for_each_example(build_and_run_single_file);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_examples_build_against_the_installed_library),
		cmocka_unit_test(test_examples_build_with_the_single_file),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
