/* Exercise 2's test: readline_limit over a socketpair, against Python's
 * readline(limit): partial lines, the newline kept, EOF, limit 0. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "2-readline-limit.h"
#include "support.h"

static void
expect(ss_rfile *rfile, size_t limit, const char *expected, const char *why)
{
	char line[64];

	memset(line, 'X', sizeof line);
	ssize_t length = readline_limit(rfile, line, limit);
	if (length != (ssize_t)strlen(expected) || memcmp(line, expected, strlen(expected) + 1) != 0)
		fail_msg("readline_limit(limit=%zu) should give \"%s\" (%zu bytes): %s\n"
		         "  it gave %zd bytes: \"%.*s\"", limit, expected, strlen(expected), why, length,
		         length > 0 ? (int)length : 0, line);
}

static void
readline_limit_behaves_as_pythons(void **state)
{
	int pair[2];
	ss_rfile rfile;

	(void)state;
	support_watchdog(30);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
	assert_int_equal(ss_rfile_open(&rfile, pair[0], 16, SS_NO_TIMEOUT), 0);
	const char text[] = "abcdefgh\nshort\nlast";
	assert_int_equal(support_send_all(pair[1], text, strlen(text)), 0);
	close(pair[1]);

	expect(&rfile, 3, "abc", "a line longer than the limit comes in pieces of at most limit bytes");
	expect(&rfile, 3, "def", "the next piece starts right after the last one: no byte may be lost");
	expect(&rfile, 3, "gh\n", "the last piece of the line ends with its newline");
	expect(&rfile, 0, "", "limit 0 reads nothing");
	expect(&rfile, 32, "short\n", "a line shorter than the limit ends at its newline");
	expect(&rfile, 32, "last", "at EOF, a last line without a newline is returned as it is");
	expect(&rfile, 32, "", "after EOF: 0, an empty line");
	ss_rfile_close(&rfile);
	close(pair[0]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(readline_limit_behaves_as_pythons),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
