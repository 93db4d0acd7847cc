/* dot_graph and method_edges: reading a diagram, and contracting it to methods. */
#include "fixture.h"

#include "dot_graph.h"
#include "method_edges.h"

static void
reads_nodes_and_edges_from_the_generators_lines(void **state)
{
	(void)state;
	struct arena arena;
	struct dot_graph graph;
	arena_init(&arena);
	assert_int_equal(dot_graph_parse(&arena, threading_dot, &graph), 0);
	assert_int_equal(graph.nodes.count, 9);
	assert_string_equal(graph.nodes.items[0], "BaseServer.serve_forever");
	assert_true(dot_graph_has_node(&graph, "accept"));
	assert_false(dot_graph_has_node(&graph, "Threading"));
	assert_int_equal(graph.edges.count, 8);
	const struct dot_edge *dashed = graph.edges.items[4];
	assert_string_equal(dashed->from, "ThreadingMixIn.process_request");
	assert_string_equal(dashed->to, "ThreadingMixIn.process_request_thread");
	assert_true(dashed->dashed);
	assert_false(((const struct dot_edge *)graph.edges.items[0])->dashed);
	arena_release(&arena);
}

static void
unescapes_quoted_ids_and_rejects_what_is_no_digraph(void **state)
{
	(void)state;
	struct arena arena;
	struct dot_graph graph;
	arena_init(&arena);
	assert_int_equal(dot_graph_parse(&arena, "digraph \"x\" {\n\t\"a\\\"b\" -> \"c\\\\d\";\n}\n", &graph), 0);
	const struct dot_edge *edge = graph.edges.items[0];
	assert_string_equal(edge->from, "a\"b");
	assert_string_equal(edge->to, "c\\d");
	assert_int_equal(dot_graph_parse(&arena, "\"a\" -> \"b\";\n", &graph), -1);
	arena_release(&arena);
}

/* The contracted edges, "A -> B" or "A ~> B" a line. */
static const char *
contracted(struct arena *arena, const char *dot)
{
	struct dot_graph graph;
	struct pointer_list edges = {0};
	assert_int_equal(dot_graph_parse(arena, dot, &graph), 0);
	contract_to_methods(arena, &graph, &edges);
	struct text_buffer text = {0};
	for (size_t i = 0; i < edges.count; i++) {
		const struct method_edge *edge = edges.items[i];
		text_printf(arena, &text, "%s %s %s\n", edge->from, edge->starts_elsewhere ? "~>" : "->", edge->to);
	}
	return text_get(&text);
}

static void
contracts_plain_functions_between_methods(void **state)
{
	(void)state;
	struct arena arena;
	arena_init(&arena);
	assert_string_equal(contracted(&arena, threading_dot),
		"BaseServer.serve_forever -> BaseServer._handle_request_noblock\n"
		"BaseServer._handle_request_noblock -> TCPServer.get_request\n"
		"BaseServer._handle_request_noblock -> ThreadingMixIn.process_request\n"
		"ThreadingMixIn.process_request ~> ThreadingMixIn.process_request_thread\n"
		"ThreadingMixIn.process_request_thread -> BaseServer.finish_request\n"
		"BaseServer.finish_request -> EchoHandler.handle\n");
	arena_release(&arena);
}

static void
follows_paths_through_plain_functions_only(void **state)
{
	(void)state;
	struct arena arena;
	arena_init(&arena);
	assert_string_equal(contracted(&arena,
		"digraph \"p\" {\n"
		"  \"A.a\" -> \"f\";\n"
		"  \"f\" -> \"g\";\n"
		"  \"g\" -> \"f\";\n"            /* a cycle among plain functions ends */
		"  \"g\" -> \"B.b\";\n"
		"  \"f\" -> \"B.b\";\n"          /* a second path: still one edge */
		"  \"B.b\" -> \"C.c\";\n"        /* A.a does not reach C.c: B.b is in between */
		"  \"A.a\" -> \"spawn\" [style=dashed, label=\"new process\"];\n"
		"  \"spawn\" -> \"D.d\";\n"      /* dashed on the way: D.d starts elsewhere */
		"  \"A.a\" -> \"D.d\";\n"        /* and also called directly */
		"}\n"),
		"A.a -> B.b\n"
		"A.a ~> D.d\n"
		"A.a -> D.d\n"
		"B.b -> C.c\n");
	arena_release(&arena);
}

/* A selector backend as the generator draws it: named by a class table, no
 * trace point, so marked class="untraced" (tools/diagram/dot_output.h). */
static const char untraced_dot[] =
	"digraph \"select\" {\n"
	"  node [fontname=\"Helvetica\", fontsize=11];\n"
	"  \"BaseServer.serve_forever\" [shape=box, label=\"BaseServer\\nserve_forever\"];\n"
	"  \"ss_selector_select\" [shape=box, style=rounded];\n"
	"  \"PollSelector.select\" [shape=box, style=rounded, label=\"PollSelector\\nselect\", class=\"untraced\"];\n"
	"  \"ppoll\" [shape=plaintext, fontcolor=gray30];\n"
	"  \"Poll.wait\" [shape=box, class=\"slow untraced\"];\n"
	"  \"Fake.mark\" [shape=box, label=\"class=\\\"untraced\\\"\", class=untracedness];\n"
	"  \"BaseServer.service_actions\" [shape=box, label=\"BaseServer\\nservice_actions\"];\n"
	"  \"BaseServer.serve_forever\" -> \"ss_selector_select\";\n"
	"  \"ss_selector_select\" -> \"PollSelector.select\";\n"
	"  \"PollSelector.select\" -> \"ppoll\";\n"
	"  \"PollSelector.select\" -> \"Poll.wait\";\n"
	"  \"Poll.wait\" -> \"BaseServer.service_actions\";\n"
	"  \"BaseServer.serve_forever\" -> \"Fake.mark\";\n"
	"}\n";

static void
reads_the_untraced_mark_of_a_method_node(void **state)
{
	(void)state;
	struct arena arena;
	struct dot_graph graph;
	arena_init(&arena);
	assert_int_equal(dot_graph_parse(&arena, untraced_dot, &graph), 0);
	assert_true(dot_graph_has_node(&graph, "PollSelector.select"));
	assert_true(dot_graph_is_method(&graph, "BaseServer.serve_forever"));
	assert_false(dot_graph_is_method(&graph, "PollSelector.select"));
	assert_false(dot_graph_is_method(&graph, "Poll.wait"));   /* one class among others */
	assert_true(dot_graph_is_method(&graph, "Fake.mark"));    /* in a label, or a longer class: no mark */
	assert_false(dot_graph_is_method(&graph, "ss_selector_select"));
	assert_false(dot_graph_is_method(&graph, "ppoll"));
	arena_release(&arena);
}

static void
contracts_untraced_methods_like_plain_functions(void **state)
{
	(void)state;
	struct arena arena;
	arena_init(&arena);
	assert_string_equal(contracted(&arena, untraced_dot),
		"BaseServer.serve_forever -> BaseServer.service_actions\n"
		"BaseServer.serve_forever -> Fake.mark\n");
	arena_release(&arena);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_nodes_and_edges_from_the_generators_lines),
		cmocka_unit_test(unescapes_quoted_ids_and_rejects_what_is_no_digraph),
		cmocka_unit_test(contracts_plain_functions_between_methods),
		cmocka_unit_test(follows_paths_through_plain_functions_only),
		cmocka_unit_test(reads_the_untraced_mark_of_a_method_node),
		cmocka_unit_test(contracts_untraced_methods_like_plain_functions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
