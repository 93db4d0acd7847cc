/* 1-give-up.test.c — your PatientServer, run by BaseServer's handle_request:
 * it gives up after max_timeouts time-outs in a row, not before, and a
 * request in between starts the count again — and is handled. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <unistd.h>

#include "1-give-up.h"
#include "support.h"

static int handled;

static int
count_handle(ss_handler *self)
{
	(void)self;
	handled++;
	return 0;
}

static const ss_handler_class count_handler = {
	.name = "CountHandler",
	.base = &ss_base_request_handler,
	.handle = count_handle,
};

static patient_server *server;
static int pipe_fds[2];

static int
setup(void **state)
{
	(void)state;
	support_watchdog(30);
	handled = 0;
	if (pipe(pipe_fds) == -1)
		return -1;
	server = (patient_server *)ss_server_new(&patient_server_class, "patience", &count_handler,
	                                         NULL);
	if (server == NULL)
		return -1;
	server->input = pipe_fds[0];
	server->max_timeouts = 3;
	server->base.timeout = 0.01; /* handle_request waits 10 ms for a request */
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	ss_server_free(&server->base);
	close(pipe_fds[0]);
	close(pipe_fds[1]);
	return 0;
}

/* One handle_request with nothing to read: a time-out. */
static void
time_out_once(int number)
{
	if (ss_handle_request(&server->base) != 0)
		fail_msg("handle_request %d failed: %s", number, ss_error());
}

/* One handle_request with a byte waiting: a request. */
static void
send_one_request(void)
{
	int before = handled;

	assert_int_equal(write(pipe_fds[1], "r", 1), 1);
	if (ss_handle_request(&server->base) != 0)
		fail_msg("handle_request with a request waiting failed: %s", ss_error());
	if (handled != before + 1)
		fail_msg("a request came, and the handler did not run: does process_request call "
		         "BaseServer's (super), and return what it returns? (ss_error: %s)",
		         ss_error());
}

static void
gives_up_after_max_timeouts_and_not_before(void **state)
{
	(void)state;
	for (int i = 1; i <= 3; i++) {
		if (server->gave_up)
			fail_msg("gave_up is true after %d time-out(s); expected it only after 3 in a row",
			         i - 1);
		time_out_once(i);
	}
	if (!server->gave_up)
		fail_msg("3 time-outs in a row (max_timeouts 3), and gave_up is still false: "
		         "handle_timeout counts them? (timeouts = %u)", server->timeouts);
}

static void
a_request_starts_the_count_again(void **state)
{
	(void)state;
	time_out_once(1);
	time_out_once(2);
	send_one_request();
	time_out_once(3);
	time_out_once(4);
	if (server->gave_up)
		fail_msg("two time-outs, a request, two time-outs: gave_up is true, but there were "
		         "never 3 in a row. A request must start the count again.");
	time_out_once(5);
	if (!server->gave_up)
		fail_msg("two time-outs, a request, then three time-outs in a row: gave_up is "
		         "still false (timeouts = %u)", server->timeouts);
}

static void
requests_are_handled_and_do_not_count(void **state)
{
	(void)state;
	for (int i = 0; i < 5; i++)
		send_one_request();
	if (server->gave_up || server->timeouts != 0)
		fail_msg("five requests and no time-out: gave_up %s, timeouts %u; expected false "
		         "and 0", server->gave_up ? "true" : "false", server->timeouts);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(gives_up_after_max_timeouts_and_not_before, setup, teardown),
		cmocka_unit_test_setup_teardown(a_request_starts_the_count_again, setup, teardown),
		cmocka_unit_test_setup_teardown(requests_are_handled_and_do_not_count, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
