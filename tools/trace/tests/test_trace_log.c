/* trace_log: streams per process and thread, parents by depth, orphans. */
#include "fixture.h"

/* Every stream as "pid/thread: method<parent ...", one call a line. */
static const char *
describe(struct arena *arena, const struct trace_log *log)
{
	struct text_buffer text = {0};
	for (size_t i = 0; i < log->streams.count; i++) {
		const struct trace_stream *stream = log->streams.items[i];
		for (size_t j = 0; j < stream->calls.count; j++) {
			const struct traced_call *call = stream->calls.items[j];
			text_printf(arena, &text, "%ld/%ld: %s<%s\n", stream->pid, stream->thread, call->method,
			            call->parent != NULL ? call->parent : "orphan");
		}
	}
	return text_get(&text);
}

static void
separates_interleaved_threads_and_processes(void **state)
{
	(void)state;
	struct arena arena;
	struct trace_log log = {0};
	arena_init(&arena);
	read_trace_text(&arena, &log, threading_trace, "run.log");
	assert_int_equal(log.call_count, 11);
	assert_int_equal(log.streams.count, 3);
	assert_string_equal(describe(&arena, &log),
		"100/1: BaseServer.serve_forever<orphan\n"
		"100/1: BaseServer._handle_request_noblock<BaseServer.serve_forever\n"
		"100/1: TCPServer.get_request<BaseServer._handle_request_noblock\n"
		"100/1: ThreadingMixIn.process_request<BaseServer._handle_request_noblock\n"
		"100/1: BaseServer._handle_request_noblock<BaseServer.serve_forever\n"
		"100/1: TCPServer.get_request<BaseServer._handle_request_noblock\n"
		"100/1: ThreadingMixIn.process_request<BaseServer._handle_request_noblock\n"
		"100/2: ThreadingMixIn.process_request_thread<orphan\n"
		"100/2: BaseServer.finish_request<ThreadingMixIn.process_request_thread\n"
		"100/2: EchoHandler.handle<BaseServer.finish_request\n"
		"100/3: ThreadingMixIn.process_request_thread<orphan\n");
	arena_release(&arena);
}

static void
takes_the_nearest_open_call_one_level_up_as_parent(void **state)
{
	(void)state;
	struct arena arena;
	struct trace_log log = {0};
	arena_init(&arena);
	read_trace_text(&arena, &log,
		"ss-trace pid=1 tid=1 depth=0 A.a\n"
		"ss-trace pid=1 tid=1 depth=1 B.b\n"
		"ss-trace pid=1 tid=1 depth=2 C.c\n"
		"ss-trace pid=1 tid=1 depth=1 D.d\n"   /* B.b and C.c returned */
		"ss-trace pid=1 tid=1 depth=2 E.e\n"
		"ss-trace pid=1 tid=1 depth=0 F.f\n"
		"ss-trace pid=1 tid=1 depth=2 G.g\n",  /* F.f's callee at depth 1 was not traced */
		"t");
	assert_string_equal(describe(&arena, &log),
		"1/1: A.a<orphan\n"
		"1/1: B.b<A.a\n"
		"1/1: C.c<B.b\n"
		"1/1: D.d<A.a\n"
		"1/1: E.e<D.d\n"
		"1/1: F.f<orphan\n"
		"1/1: G.g<orphan\n");
	arena_release(&arena);
}

static void
makes_the_first_call_of_a_forked_child_an_orphan(void **state)
{
	(void)state;
	struct arena arena;
	struct trace_log log = {0};
	arena_init(&arena);
	read_trace_text(&arena, &log,
		"ss-trace pid=1 tid=1 depth=0 BaseServer.serve_forever\n"
		"ss-trace pid=1 tid=1 depth=1 ForkingMixIn.process_request\n"
		"ss-trace pid=2 tid=1 depth=2 BaseServer.finish_request\n"
		"ss-trace pid=2 tid=1 depth=3 EchoHandler.handle\n"
		"ss-trace pid=1 tid=1 depth=2 ForkingMixIn.collect_children\n",
		"t");
	assert_string_equal(describe(&arena, &log),
		"1/1: BaseServer.serve_forever<orphan\n"
		"1/1: ForkingMixIn.process_request<BaseServer.serve_forever\n"
		"1/1: ForkingMixIn.collect_children<ForkingMixIn.process_request\n"
		"2/1: BaseServer.finish_request<orphan\n"
		"2/1: EchoHandler.handle<BaseServer.finish_request\n");
	arena_release(&arena);
}

static void
keeps_the_streams_of_different_files_apart(void **state)
{
	(void)state;
	struct arena arena;
	struct trace_log log = {0};
	arena_init(&arena);
	read_trace_text(&arena, &log, "ss-trace pid=5 tid=1 depth=0 A.a\n", "first");
	read_trace_text(&arena, &log, "ss-trace pid=5 tid=1 depth=1 B.b\n", "second");
	assert_int_equal(log.streams.count, 2);
	assert_string_equal(describe(&arena, &log), "5/1: A.a<orphan\n5/1: B.b<orphan\n");
	arena_release(&arena);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(separates_interleaved_threads_and_processes),
		cmocka_unit_test(takes_the_nearest_open_call_one_level_up_as_parent),
		cmocka_unit_test(makes_the_first_call_of_a_forked_child_an_orphan),
		cmocka_unit_test(keeps_the_streams_of_different_files_apart),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
