/* render: the indented call trees. */
#include "fixture.h"

#include "cli.h"
#include "render.h"

static char *
rendered(const struct trace_log *log, bool name_sources)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	assert_non_null(out);
	render_trace_log(log, name_sources, out);
	fclose(out);
	return text;
}

static void
draws_one_tree_per_thread_in_first_seen_order(void **state)
{
	(void)state;
	struct arena arena;
	struct trace_log log = {0};
	arena_init(&arena);
	read_trace_text(&arena, &log, threading_trace, "run.log");
	char *text = rendered(&log, false);
	assert_string_equal(text,
		"[pid 100 thread 1]\n"
		"  BaseServer.serve_forever\n"
		"    BaseServer._handle_request_noblock\n"
		"      TCPServer.get_request\n"
		"      ThreadingMixIn.process_request\n"
		"    BaseServer._handle_request_noblock\n"
		"      TCPServer.get_request\n"
		"      ThreadingMixIn.process_request\n"
		"\n"
		"[pid 100 thread 2]\n"
		"  ThreadingMixIn.process_request_thread\n"
		"    BaseServer.finish_request\n"
		"      EchoHandler.handle\n"
		"\n"
		"[pid 100 thread 3]\n"
		"  ThreadingMixIn.process_request_thread\n");
	free(text);
	arena_release(&arena);
}

static void
names_the_files_when_there_are_several(void **state)
{
	(void)state;
	struct arena arena;
	struct trace_log log = {0};
	arena_init(&arena);
	read_trace_text(&arena, &log, "ss-trace pid=5 tid=1 depth=0 A.a\n", "one.log");
	read_trace_text(&arena, &log, "ss-trace pid=6 tid=1 depth=2 B.b\n", "two.log");
	char *text = rendered(&log, true);
	assert_string_equal(text, "[one.log: pid 5 thread 1]\n  A.a\n\n[two.log: pid 6 thread 1]\n      B.b\n");
	free(text);
	arena_release(&arena);
}

static void
reads_stdin_from_the_command_line(void **state)
{
	(void)state;
	FILE *in = fmemopen((void *)threading_trace, strlen(threading_trace), "r");
	char *out_text = NULL, *err_text = NULL;
	size_t out_size = 0, err_size = 0;
	FILE *out = open_memstream(&out_text, &out_size);
	FILE *err = open_memstream(&err_text, &err_size);
	char *argv[] = {"trace", "render", NULL};
	assert_int_equal(trace_cli(2, argv, in, out, err), 0);
	fclose(in);
	fclose(out);
	fclose(err);
	assert_contains(out_text, "[pid 100 thread 2]\n  ThreadingMixIn.process_request_thread\n");
	assert_lacks(out_text, "listening on");
	assert_string_equal(err_text, "");
	free(out_text);
	free(err_text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(draws_one_tree_per_thread_in_first_seen_order),
		cmocka_unit_test(names_the_files_when_there_are_several),
		cmocka_unit_test(reads_stdin_from_the_command_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
