/* 3-get-request.test.c — your RecordServer, run by BaseServer's own loops:
 * whole records handled in order, a record written in two halves, the end
 * of input, and nothing leaked on any path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "3-get-request.h"
#include "support.h"

/* Fails the test, saying in words what was expected, unless condition holds. */
#define expect(condition, ...) \
	do { \
		if (!(condition)) \
			fail_msg(__VA_ARGS__); \
	} while (0)

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
	expect(fd == pipe_fds[0], "fileno must be the server's input, fd %d; it returned %d",
	       pipe_fds[0], fd);
}

static void
whole_records_are_handled_in_order(void **state)
{
	(void)state;
	server->base.timeout = 1.0;
	assert_int_equal(write(pipe_fds[1], "record-1record-2", 16), 16);
	for (int i = 1; i <= 2; i++) {
		int result = ss_handle_request(&server->base);
		expect(result == 0, "handle_request %d of 2, with a record waiting: expected 0, got %d%s%s",
		       i, result, *ss_error() ? ": " : "", ss_error());
	}
	expect(handled_count == 2, "two records were written: expected 2 handled, got %d",
	       handled_count);
	expect(strcmp(handled[0], "record-1") == 0 && strcmp(handled[1], "record-2") == 0,
	       "expected \"record-1\" then \"record-2\", got \"%s\" then \"%s\"", handled[0],
	       handled[1]);
	expect(server->records == 2, "get_request counts what it read in records: expected 2, got %u",
	       server->records);
}

/* get_request has returned: the writer below need wait no longer (an
 * unwritten get_request returns without reading, and the pipe never empties). */
static atomic_bool get_request_returned;

/* Writes the second half only once the pipe is empty, that is once
 * get_request's first read() has taken the first half: so the record really
 * comes in two reads (a wait on the pipe's state, bounded, not on a time). */
static void *
write_second_half(void *unused)
{
	struct timespec a_millisecond = {0, 1000000};
	int waiting = 1;

	(void)unused;
	for (int i = 0; i < SUPPORT_WAIT_MS && waiting > 0 && !atomic_load(&get_request_returned);
	     i++) {
		if (ioctl(pipe_fds[0], FIONREAD, &waiting) == -1)
			break;
		if (waiting > 0)
			nanosleep(&a_millisecond, NULL);
	}
	(void)!write(pipe_fds[1], "-two", 4);
	return NULL;
}

static void
a_record_in_two_halves_is_one_request(void **state)
{
	ss_request request = {.fd = -1};
	ss_address address;
	pthread_t writer;

	(void)state;
	memset(&address, 0, sizeof address);
	assert_int_equal(write(pipe_fds[1], "half", 4), 4);
	atomic_store(&get_request_returned, false);
	assert_int_equal(pthread_create(&writer, NULL, write_second_half, NULL), 0);
	int result = exercise_record_get_request(&server->base, &request, &address);
	atomic_store(&get_request_returned, true);
	pthread_join(writer, NULL);
	expect(result == 0, "a record written in two halves is one request: get_request must read "
	       "until it has all 8 bytes; it returned %d (%s)", result, ss_error());
	expect(request.data != NULL, "get_request returned 0 but request->data is NULL");
	expect(memcmp(request.data, "half-two", 8) == 0, "the request must hold \"half-two\", "
	       "got \"%.8s\"", (const char *)request.data);
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
	int result = exercise_record_get_request(&server->base, &request, &address);
	expect(result == -1, "3 bytes, then the end of input, are no record: expected -1, got %d",
	       result);
	expect(request.data == NULL, "no request, so request->data must stay NULL (free the buffer)");
	expect(server->records == 0, "no record was read, yet records is %u", server->records);
	result = exercise_record_get_request(&server->base, &request, &address);
	expect(result == -1, "at the end of input, again: expected -1, got %d", result);
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
	int result = ss_serve_forever(&server->base, 0.05);
	expect(result == 0, "serve_forever must serve the 3 records and stop: expected 0, got %d (%s)",
	       result, ss_error());
	expect(handled_count == 3, "3 records were written: expected 3 handled, got %d",
	       handled_count);
	expect(strcmp(handled[2], "cccccccc") == 0, "the third record must be \"cccccccc\", got "
	       "\"%s\"", handled[2]);
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
