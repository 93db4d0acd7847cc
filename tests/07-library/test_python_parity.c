/* test_python_parity.c — the book's promise, checked: for each scenario of
 * chapters/07-library/scenarios.py, the C library (programs/scenario.c, with
 * SS_TRACE=1) and CPython's own socketserver (traced by tools/sstools/
 * pytrace.py) make the same socketserver calls, in the same order, with the
 * same nesting, thread by thread. `tools/trace compare` decides; the only
 * differences it lets through are the ones chapters/07-library/
 * differences.txt documents.
 *
 * Without a python3 the comparison cannot run: each test is then skipped
 * with a message saying so (cmocka counts it as skipped, not passed). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "support.h"

#define COMPARE_TOOL "tools/trace compare"
#define PYTHON_SCENARIOS "chapters/07-library/scenarios.py"
#define DIFFERENCES "chapters/07-library/differences.txt"

static char work[256];

static int
setup(void **state)
{
	(void)state;
	support_watchdog(120);
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

static int
shell(const char *command)
{
	fflush(NULL);
	return system(command);
}

/* Run scenario on both sides and compare; the report is printed on failure. */
static void
assert_same_calls(const char *scenario)
{
	char command[2048];

	if (shell("python3 -c 'import socketserver' 2>/dev/null") != 0) {
		print_message("no python3 with socketserver here: cannot compare with Python\n");
		skip();
	}
	snprintf(command, sizeof command, "SS_TRACE=1 %s/scenario %s 2>%s/%s.c.trace",
	         SS_BIN_DIR, scenario, work, scenario);
	if (shell(command) != 0)
		fail_msg("the C scenario %s failed: see %s/%s.c.trace", scenario, work, scenario);
	snprintf(command, sizeof command, "python3 %s %s 2>%s/%s.py.trace", PYTHON_SCENARIOS,
	         scenario, work, scenario);
	if (shell(command) != 0)
		fail_msg("the Python scenario %s failed", scenario);
	snprintf(command, sizeof command,
	         "%s --differences %s --scenario %s %s/%s.c.trace %s/%s.py.trace >%s/%s.report 2>&1",
	         COMPARE_TOOL, DIFFERENCES, scenario, work, scenario, work, scenario, work, scenario);
	if (shell(command) != 0) {
		snprintf(command, sizeof command, "cat %s/%s.report", work, scenario);
		shell(command);
		fail_msg("scenario %s: the C library's calls differ from Python's (report above)",
		         scenario);
	}
}

static void test_tcp(void **state) { (void)state; assert_same_calls("tcp"); }
static void test_threading(void **state) { (void)state; assert_same_calls("threading"); }
static void test_forking(void **state) { (void)state; assert_same_calls("forking"); }
static void test_udp(void **state) { (void)state; assert_same_calls("udp"); }
static void test_verify_refused(void **state) { (void)state; assert_same_calls("verify-refused"); }
static void test_handler_error(void **state) { (void)state; assert_same_calls("handler-error"); }
static void test_timeout(void **state) { (void)state; assert_same_calls("timeout"); }
static void test_shutdown(void **state) { (void)state; assert_same_calls("shutdown"); }

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcp),
		cmocka_unit_test(test_threading),
		cmocka_unit_test(test_forking),
		cmocka_unit_test(test_udp),
		cmocka_unit_test(test_verify_refused),
		cmocka_unit_test(test_handler_error),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_shutdown),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
