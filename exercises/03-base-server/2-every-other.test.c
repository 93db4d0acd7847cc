/* 2-every-other.test.c — your TakeTurnsServer, run by BaseServer's
 * handle_request: six requests, the 1st, 3rd and 5th handled, the others
 * turned away, and every one of them closed exactly once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <unistd.h>

#include "2-every-other.h"
#include "support.h"

static char handled[8];
static unsigned handled_count;

static int
note_handle(ss_handler *self)
{
	if (handled_count < sizeof handled)
		handled[handled_count++] = *(const char *)self->request->data;
	return 0;
}

static const ss_handler_class note_handler = {
	.name = "NoteHandler",
	.base = &ss_base_request_handler,
	.handle = note_handle,
};

static take_turns_server *server;
static int pipe_fds[2];

static int
setup(void **state)
{
	(void)state;
	support_watchdog(30);
	handled_count = 0;
	memset(handled, 0, sizeof handled);
	if (pipe(pipe_fds) == -1)
		return -1;
	server = (take_turns_server *)ss_server_new(&take_turns_server_class, "turns",
	                                            &note_handler, NULL);
	if (server == NULL)
		return -1;
	server->input = pipe_fds[0];
	server->base.timeout = 5;
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

static void
every_second_request_is_turned_away(void **state)
{
	(void)state;
	assert_int_equal(write(pipe_fds[1], "123456", 6), 6);
	for (int i = 1; i <= 6; i++)
		if (ss_handle_request(&server->base) != 0)
			fail_msg("handle_request %d failed: %s", i, ss_error());
	if (server->seen != 6)
		fail_msg("verify_request counted %u requests in seen; expected 6", server->seen);
	if (handled_count != 3 || memcmp(handled, "135", 3) != 0)
		fail_msg("the handler saw \"%.*s\"; expected \"135\": the 1st, 3rd and 5th requests "
		         "let in, the others turned away", (int)handled_count, handled);
	if (server->refused != 3)
		fail_msg("refused is %u after six requests; expected 3", server->refused);
}

static void
every_request_is_closed_exactly_once(void **state)
{
	(void)state;
	assert_int_equal(write(pipe_fds[1], "ab", 2), 2);
	for (int i = 1; i <= 2; i++)
		if (ss_handle_request(&server->base) != 0)
			fail_msg("handle_request %d failed: %s", i, ss_error());
	if (server->closed != 2)
		fail_msg("two requests (one handled, one turned away), and close_request ran %u "
		         "times; expected 2, once each: a request turned away is closed by "
		         "BaseServer's shutdown_request, not by verify_request", server->closed);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(every_second_request_is_turned_away, setup, teardown),
		cmocka_unit_test_setup_teardown(every_request_is_closed_exactly_once, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
