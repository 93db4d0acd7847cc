/* 3-get-request.test.c — your RecordServer, run by BaseServer's own loops:
 * whole records handled in order, a record written in two halves, the end
 * of input, and nothing leaked on any path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <unistd.h>

#include "3-get-request.h"
#include "support.h"

static char handled[8][EXERCISE_RECORD_SIZE + 1];
static int handled_count;

static int
copy_handle(ss_handler *self)
{
	if (handled_count < 8) {
		memcpy(handled[handled_count], self->request->data, EXERCISE_RECORD_SIZE);
		handled[handled_count][EXERCISE_RECORD_SIZE] = '\0';
		handled_count++;
	}
	return 0;
}

static const ss_handler_class copy_handler = {
	.name = "CopyHandler",
	.base = &ss_base_request_handler,
	.handle = copy_handle,
};

static record_server *server;
static int pipe_fds[2];

static int
setup(void **state)
{
	(void)state;
	handled_count = 0;
	if (pipe(pipe_fds) == -1)
		return -1;
	server = (record_server *)ss_server_new(&record_server_class, "records", &copy_handler, NULL);
	if (server == NULL)
		return -1;
	server->input = pipe_fds[0];
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	ss_server_free(&server->base);
	close(pipe_fds[0]);
	if (pipe_fds[1] != -1)
		close(pipe_fds[1]);
	return 0;
}

static void
fileno_is_the_input(void **state)
{
	(void)state;
	int fd = ss_fileno(&server->base);
	if (fd != pipe_fds[0])
		fail_msg("fileno returned %d; expected %d, the server's input", fd, pipe_fds[0]);
}

static void
whole_records_are_handled_in_order(void **state)
{
	(void)state;
	server->base.timeout = 1.0;
	assert_int_equal(write(pipe_fds[1], "record-1record-2", 16), 16);
	for (int i = 1; i <= 2; i++)
		if (ss_handle_request(&server->base) != 0)
			fail_msg("handle_request %d failed (%s): are fileno and get_request written?", i,
			         ss_error()[0] ? ss_error() : "no message");
	if (handled_count != 2)
		fail_msg("two records written, and the handler ran %d time(s); expected 2 (the last "
		         "error: %s)", handled_count, ss_error());
	if (strcmp(handled[0], "record-1") != 0 || strcmp(handled[1], "record-2") != 0)
		fail_msg("the handler got \"%s\" and \"%s\"; expected \"record-1\" and \"record-2\"",
		         handled[0], handled[1]);
	if (server->records != 2)
		fail_msg("records is %u after two requests; expected 2", server->records);
}

static void
a_record_in_two_halves_is_one_request(void **state)
{
	ss_request request = {.fd = -1};
	ss_address address;

	(void)state;
	memset(&address, 0, sizeof address);
	assert_int_equal(write(pipe_fds[1], "half", 4), 4);
	assert_int_equal(write(pipe_fds[1], "-two", 4), 4);
	if (exercise_record_get_request(&server->base, &request, &address) != 0)
		fail_msg("get_request failed on a record written in two halves: %s", ss_error());
	if (request.data == NULL)
		fail_msg("get_request returned 0 but left request->data NULL");
	if (memcmp(request.data, "half-two", 8) != 0)
		fail_msg("a record written as \"half\" then \"-two\" came as \"%.8s\"; expected "
		         "\"half-two\": one read() returns what has been written so far, so read "
		         "until all 8 bytes have come", (const char *)request.data);
	server->base.cls->close_request(&server->base, &request); /* frees it */
}

static void
the_end_of_input_gives_no_request(void **state)
{
	ss_request request = {.fd = -1};
	ss_address address;

	(void)state;
	memset(&address, 0, sizeof address);
	assert_int_equal(write(pipe_fds[1], "abc", 3), 3); /* not a whole record */
	close(pipe_fds[1]);
	pipe_fds[1] = -1;
	if (exercise_record_get_request(&server->base, &request, &address) != -1)
		fail_msg("3 bytes and then the end of input: get_request returned a request; "
		         "expected -1, no whole record");
	if (request.data != NULL || server->records != 0)
		fail_msg("a failed get_request left request->data set or counted a record");
	if (exercise_record_get_request(&server->base, &request, &address) != -1)
		fail_msg("get_request after the end of input did not return -1");
}

/* serve_forever, with a shutdown from service_actions after the records. */
static void
service_actions_shut_down(ss_server *self)
{
	if (handled_count == 3)
		ss_shutdown(self);
}

static void
serve_forever_serves_them(void **state)
{
	static ss_server_class with_stop;

	(void)state;
	with_stop = record_server_class;
	with_stop.name = "StoppingRecordServer";
	with_stop.base = &record_server_class;
	with_stop.service_actions = service_actions_shut_down;
	ss_server_free(&server->base);
	server = (record_server *)ss_server_new(&with_stop, "records", &copy_handler, NULL);
	assert_non_null(server);
	server->input = pipe_fds[0];
	assert_int_equal(write(pipe_fds[1], "aaaaaaaabbbbbbbbcccccccc", 24), 24);
	if (ss_serve_forever(&server->base, 0.05) != 0)
		fail_msg("serve_forever failed: %s", ss_error());
	if (handled_count != 3 || strcmp(handled[2], "cccccccc") != 0)
		fail_msg("serve_forever handled %d record(s), the third \"%s\"; expected 3, the "
		         "third \"cccccccc\"", handled_count, handled[2]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(fileno_is_the_input, setup, teardown),
		cmocka_unit_test_setup_teardown(whole_records_are_handled_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(a_record_in_two_halves_is_one_request, setup, teardown),
		cmocka_unit_test_setup_teardown(the_end_of_input_gives_no_request, setup, teardown),
		cmocka_unit_test_setup_teardown(serve_forever_serves_them, setup, teardown),
	};

	support_watchdog(30);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
