/* check: the diagram against the trace, both ways. */
#include "fixture.h"

#include "check.h"
#include "cli.h"
#include "dot_graph.h"

struct outcome {
	int status;
	char *out, *err;
};

static struct outcome
check_texts(const char *dot, const char *trace, bool only_diagram_nodes)
{
	struct arena arena;
	struct dot_graph graph;
	struct trace_log log = {0};
	struct outcome outcome;
	size_t out_size, err_size;
	arena_init(&arena);
	assert_int_equal(dot_graph_parse(&arena, dot, &graph), 0);
	read_trace_text(&arena, &log, trace, "trace.log");
	FILE *out = open_memstream(&outcome.out, &out_size);
	FILE *err = open_memstream(&outcome.err, &err_size);
	outcome.status = trace_check(&arena, &graph, &log, only_diagram_nodes, "threading.dot", out, err);
	fclose(out);
	fclose(err);
	arena_release(&arena);
	return outcome;
}

static void
outcome_free(struct outcome *outcome)
{
	free(outcome->out);
	free(outcome->err);
}

static void
passes_when_diagram_and_trace_agree(void **state)
{
	(void)state;
	struct outcome outcome = check_texts(threading_dot, threading_trace, false);
	assert_string_equal(outcome.err, "");
	assert_int_equal(outcome.status, 0);
	assert_string_equal(outcome.out, "trace check: threading.dot agrees with the trace: 5 runtime edges, "
	                                 "6 diagram edges between methods, all seen\n");
	outcome_free(&outcome);
}

/* Removing an annotation removes its edge line from the generated .dot. */
static void
fails_when_an_edge_is_removed_from_the_diagram(void **state)
{
	(void)state;
	char *dot = without_line(threading_dot, "\"ThreadingMixIn.process_request_thread\" -> \"BaseServer.finish_request\"");
	struct outcome outcome = check_texts(dot, threading_trace, false);
	assert_int_equal(outcome.status, 1);
	assert_string_equal(outcome.err,
		"runtime edge not in diagram: ThreadingMixIn.process_request_thread -> BaseServer.finish_request\n"
		"trace check: threading.dot and the trace disagree: 1 problem\n");
	assert_string_equal(outcome.out, "");
	outcome_free(&outcome);
	free(dot);
}

static void
fails_when_the_edge_into_a_plain_function_is_removed(void **state)
{
	(void)state;
	char *dot = without_line(threading_dot, "\"new_handler\" -> \"EchoHandler.handle\"");
	struct outcome outcome = check_texts(dot, threading_trace, false);
	assert_int_equal(outcome.status, 1);
	assert_contains(outcome.err, "runtime edge not in diagram: BaseServer.finish_request -> EchoHandler.handle\n");
	outcome_free(&outcome);
	free(dot);
}

static void
fails_on_a_diagram_edge_that_never_happened(void **state)
{
	(void)state;
	char *trace = without_line(threading_trace, "TCPServer.get_request");
	char *fewer = without_line(trace, "TCPServer.get_request");
	struct outcome outcome = check_texts(threading_dot, fewer, false);
	assert_int_equal(outcome.status, 1);
	assert_string_equal(outcome.err,
		"diagram edge never seen at run time: BaseServer._handle_request_noblock -> TCPServer.get_request\n"
		"trace check: threading.dot and the trace disagree: 1 problem\n");
	outcome_free(&outcome);
	free(trace);
	free(fewer);
}

static void
needs_a_new_thread_for_a_dashed_edge(void **state)
{
	(void)state;
	/* the handler ran in the accepting thread: not what the diagram says */
	const char *same_thread =
		"ss-trace pid=9 tid=1 depth=0 BaseServer.serve_forever\n"
		"ss-trace pid=9 tid=1 depth=1 BaseServer._handle_request_noblock\n"
		"ss-trace pid=9 tid=1 depth=2 TCPServer.get_request\n"
		"ss-trace pid=9 tid=1 depth=2 ThreadingMixIn.process_request\n"
		"ss-trace pid=9 tid=1 depth=3 ThreadingMixIn.process_request_thread\n"
		"ss-trace pid=9 tid=1 depth=4 BaseServer.finish_request\n"
		"ss-trace pid=9 tid=1 depth=5 EchoHandler.handle\n";
	struct outcome outcome = check_texts(threading_dot, same_thread, false);
	assert_int_equal(outcome.status, 1);
	assert_contains(outcome.err, "runtime edge not in diagram: ThreadingMixIn.process_request -> "
	                             "ThreadingMixIn.process_request_thread\n");
	assert_contains(outcome.err, "diagram edge never seen at run time: ThreadingMixIn.process_request -> "
	                             "ThreadingMixIn.process_request_thread (dashed: ");
	outcome_free(&outcome);
}

static void
accepts_a_forked_child_for_a_dashed_edge(void **state)
{
	(void)state;
	const char *dot =
		"digraph \"forking\" {\n"
		"  \"ForkingMixIn.process_request\" -> \"fork\" [style=dashed, label=\"child\"];\n"
		"  \"fork\" -> \"BaseServer.finish_request\";\n"
		"}\n";
	const char *trace =
		"ss-trace pid=1 tid=1 depth=4 ForkingMixIn.process_request\n"
		"ss-trace pid=2 tid=1 depth=5 BaseServer.finish_request\n";
	struct outcome outcome = check_texts(dot, trace, false);
	assert_string_equal(outcome.err, "");
	assert_int_equal(outcome.status, 0);
	outcome_free(&outcome);
}

static void
ignores_methods_the_diagram_does_not_draw_only_when_asked(void **state)
{
	(void)state;
	char trace[4096];
	snprintf(trace, sizeof trace, "%s%s", threading_trace,
	         "ss-trace pid=100 tid=1 depth=1 BaseServer.service_actions\n");
	struct outcome strict = check_texts(threading_dot, trace, false);
	assert_int_equal(strict.status, 1);
	assert_contains(strict.err, "runtime edge not in diagram: BaseServer.serve_forever -> BaseServer.service_actions\n");
	struct outcome lenient = check_texts(threading_dot, trace, true);
	assert_string_equal(lenient.err, "");
	assert_int_equal(lenient.status, 0);

	/* both ends drawn, the edge missing: the option does not excuse it */
	snprintf(trace, sizeof trace, "%s%s", threading_trace,
	         "ss-trace pid=100 tid=1 depth=1 EchoHandler.handle\n");
	struct outcome drawn = check_texts(threading_dot, trace, true);
	assert_int_equal(drawn.status, 1);
	assert_contains(drawn.err, "runtime edge not in diagram: BaseServer.serve_forever -> EchoHandler.handle\n");
	outcome_free(&strict);
	outcome_free(&lenient);
	outcome_free(&drawn);
}

/* Chapter 2's selector backends come before tracing: a method node that a
 * class table names but no SS_TRACE traces is marked untraced, and is no
 * method the trace must show. */
static void
contracts_a_method_marked_untraced(void **state)
{
	(void)state;
	const char dot[] =
		"digraph \"serve\" {\n"
		"  \"BaseServer.serve_forever\" [shape=box, label=\"BaseServer\\nserve_forever\"];\n"
		"  \"ss_selector_select\" [shape=box, style=rounded];\n"
		"  \"PollSelector.select\" [shape=box, style=rounded, label=\"PollSelector\\nselect\", class=\"untraced\"];\n"
		"  \"ppoll\" [shape=plaintext, fontcolor=gray30];\n"
		"  \"BaseServer._handle_request_noblock\" [shape=box, label=\"BaseServer\\n_handle_request_noblock\"];\n"
		"  \"BaseServer.serve_forever\" -> \"ss_selector_select\";\n"
		"  \"ss_selector_select\" -> \"PollSelector.select\" [label=\"the default\"];\n"
		"  \"PollSelector.select\" -> \"ppoll\";\n"
		"  \"BaseServer.serve_forever\" -> \"BaseServer._handle_request_noblock\" [label=\"if ready\"];\n"
		"}\n";
	const char trace[] =
		"ss-trace pid=1 tid=1 depth=0 BaseServer.serve_forever\n"
		"ss-trace pid=1 tid=1 depth=1   BaseServer._handle_request_noblock\n";
	struct outcome outcome = check_texts(dot, trace, false);
	assert_string_equal(outcome.err, "");
	assert_int_equal(outcome.status, 0);
	assert_contains(outcome.out, "1 runtime edge, 1 diagram edge between methods, all seen");
	outcome_free(&outcome);

	/* without its node statement, and so its mark, it is a traced method never seen */
	char *bare = without_line(dot, "\"PollSelector.select\" [");
	struct outcome unmarked = check_texts(bare, trace, false);
	assert_int_equal(unmarked.status, 1);
	assert_contains(unmarked.err, "diagram edge never seen at run time: BaseServer.serve_forever -> PollSelector.select\n");
	outcome_free(&unmarked);
	free(bare);
}

static void
fails_on_a_trace_without_trace_lines(void **state)
{
	(void)state;
	struct outcome outcome = check_texts(threading_dot, "listening on 127.0.0.1:1\n", false);
	assert_int_equal(outcome.status, 1);
	assert_contains(outcome.err, "no ss-trace lines in the trace (was SS_TRACE=1 set?)");
	outcome_free(&outcome);
}

static int
run(int argc, char **argv, char **err_text)
{
	char *out_text = NULL;
	size_t out_size = 0, err_size = 0;
	FILE *out = open_memstream(&out_text, &out_size);
	FILE *err = open_memstream(err_text, &err_size);
	int status = trace_cli(argc, argv, stdin, out, err);
	fclose(out);
	fclose(err);
	free(out_text);
	return status;
}

static int
make_scratch(void **state)
{
	*state = scratch_create();
	return 0;
}

static int
remove_scratch(void **state)
{
	scratch_destroy(*state);
	return 0;
}

static void
checks_files_from_the_command_line(void **state)
{
	const char *root = *state;
	char *dot = scratch_write(root, "threading.dot", threading_dot);
	char *first = scratch_write(root, "first.log", threading_trace);
	char *second = scratch_write(root, "second.log", "ss-trace pid=7 tid=1 depth=0 BaseServer.serve_forever\n"
	                                                 "ss-trace pid=7 tid=1 depth=1 BaseServer.service_actions\n");
	char *missing = "/nonexistent/trace.log";
	char *err = NULL;

	char *agree[] = {"trace", "check", dot, first};
	assert_int_equal(run(4, agree, &err), EXIT_AGREE);
	free(err);
	char *strict[] = {"trace", "check", dot, first, second};
	assert_int_equal(run(5, strict, &err), EXIT_DISAGREE);
	assert_contains(err, "BaseServer.service_actions");
	free(err);
	char *lenient[] = {"trace", "check", dot, first, second, "--only-diagram-nodes"};
	assert_int_equal(run(6, lenient, &err), EXIT_AGREE);
	free(err);
	char *unreadable[] = {"trace", "check", dot, missing};
	assert_int_equal(run(4, unreadable, &err), EXIT_DISAGREE);
	assert_contains(err, "cannot read /nonexistent/trace.log");
	free(err);
	char *no_trace[] = {"trace", "check", dot};
	assert_int_equal(run(3, no_trace, &err), EXIT_USAGE);
	assert_contains(err, "check needs a DOTFILE and at least one TRACEFILE");
	free(err);
	char *unknown[] = {"trace", "show"};
	assert_int_equal(run(2, unknown, &err), EXIT_USAGE);
	free(err);

	free(dot);
	free(first);
	free(second);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(passes_when_diagram_and_trace_agree),
		cmocka_unit_test(fails_when_an_edge_is_removed_from_the_diagram),
		cmocka_unit_test(fails_when_the_edge_into_a_plain_function_is_removed),
		cmocka_unit_test(fails_on_a_diagram_edge_that_never_happened),
		cmocka_unit_test(needs_a_new_thread_for_a_dashed_edge),
		cmocka_unit_test(accepts_a_forked_child_for_a_dashed_edge),
		cmocka_unit_test(ignores_methods_the_diagram_does_not_draw_only_when_asked),
		cmocka_unit_test(contracts_a_method_marked_untraced),
		cmocka_unit_test(fails_on_a_trace_without_trace_lines),
		cmocka_unit_test_setup_teardown(checks_files_from_the_command_line, make_scratch, remove_scratch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
