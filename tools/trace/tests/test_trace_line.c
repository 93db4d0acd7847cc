/* trace_line: which lines are trace lines, and what they say. */
#include "fixture.h"

#include "trace_line.h"

static void
reads_a_trace_line(void **state)
{
	(void)state;
	struct arena arena;
	arena_init(&arena);
	struct trace_call call;
	assert_true(trace_line_parse(&arena, "ss-trace pid=4242 tid=3 depth=12 BaseServer.serve_forever\n", &call));
	assert_int_equal(call.pid, 4242);
	assert_int_equal(call.thread, 3);
	assert_int_equal(call.depth, 12);
	assert_string_equal(call.method, "BaseServer.serve_forever");
	assert_true(trace_line_parse(&arena, "ss-trace pid=1 tid=1 depth=0 TCPServer.get_request\r\n", &call));
	assert_string_equal(call.method, "TCPServer.get_request");
	/* the library indents the method by depth */
	assert_true(trace_line_parse(&arena, "ss-trace pid=1 tid=1 depth=2     TCPServer.get_request\n", &call));
	assert_string_equal(call.method, "TCPServer.get_request");
	assert_int_equal(call.depth, 2);
	arena_release(&arena);
}

static void
finds_a_trace_after_other_output_on_its_line(void **state)
{
	(void)state;
	struct arena arena;
	arena_init(&arena);
	struct trace_call call;
	assert_true(trace_line_parse(&arena, "client left without newline ss-trace pid=7 tid=2 depth=1 A.b\n", &call));
	assert_int_equal(call.pid, 7);
	assert_string_equal(call.method, "A.b");
	arena_release(&arena);
}

static void
ignores_every_other_line(void **state)
{
	(void)state;
	static const char *const others[] = {
		"",
		"listening on 127.0.0.1:9999\n",
		"ss-trace\n",
		"ss-trace pid= tid=1 depth=0 A.b\n",
		"ss-trace pid=1 tid=x depth=0 A.b\n",
		"ss-trace pid=1 tid=1 depth=-1 A.b\n",
		"ss-trace pid=1 depth=0 A.b\n",
		"ss-trace pid=1 tid=1 depth=0\n",
		"ss-trace pid=1 tid=1 depth=0 \n",
		"ss-trace pid=1 tid=1 depth=0 A.b and more\n",
		"ss-trace pid=99999999999999999999999 tid=1 depth=0 A.b\n",
	};
	struct arena arena;
	arena_init(&arena);
	struct trace_call call;
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
		if (trace_line_parse(&arena, others[i], &call))
			fail_msg("took \"%s\" for a trace line", others[i]);
	arena_release(&arena);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_a_trace_line),
		cmocka_unit_test(finds_a_trace_after_other_output_on_its_line),
		cmocka_unit_test(ignores_every_other_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
