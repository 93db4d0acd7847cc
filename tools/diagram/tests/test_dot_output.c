/* dot_output and generate: the exact .dot text of a small chapter tree. */
#include "fixture.h"

#include "generate.h"

static const char net_c[] =
	"int\n"
	"ss_recv(int fd)\n"
	"{\n"
	"\treturn recv(fd); /*@ -> recv */\n"
	"}\n";

static const char echo_c[] =
	"/*@diagram 01-first root=main \"Chapter 1: \\\"echo\\\"\" */\n"
	"static int\n"
	"echo_conversation(int fd)\n"
	"{\n"
	"\t/*@ -> ss_recv [until it closes] */\n"
	"\treturn 0;\n"
	"}\n"
	"\n"
	"int\n"
	"main(void)\n"
	"{\n"
	"\t/*@ -> echo_conversation */\n"
	"\t/*@ ~> worker [new thread] */\n"
	"\treturn 0;\n"
	"}\n";

/* Chapter 2 defines worker(), which chapter 1's diagram must not see, a
 * slot whose trace point gives it another (Python) name, and a slot without
 * a trace point (an untraced method, as chapter 2's selector backends). */
static const char server_c[] =
	"void\n"
	"worker(void)\n"
	"{\n"
	"}\n"
	"\n"
	"int\n"
	"serve(void)\n"
	"{\n"
	"\tSS_TRACE(\"BaseServer\", \"serve_forever\");\n"
	"\t/*@ -> self.handle_request */\n"
	"\treturn 0;\n"
	"}\n"
	"\n"
	"int\n"
	"handle(void)\n"
	"{\n"
	"\tSS_TRACE(\"BaseServer\", \"_handle_request\");\n"
	"\t/*@ -> self.verify_request [if allowed] */\n"
	"\t/*@ -> ss_recv */\n"
	"\treturn 0;\n"
	"}\n"
	"\n"
	"int\n"
	"verify(void)\n"
	"{\n"
	"\treturn 1;\n"
	"}\n"
	"\n"
	"const ss_server_class ss_base_server = {\n"
	"\t.name = \"BaseServer\",\n"
	"\t.serve_forever = serve,\n"
	"\t.handle_request = handle,\n"
	"\t.verify_request = verify,\n"
	"\t.timeout = -1,\n"
	"};\n"
	"\n"
	"const ss_server_class ss_tcp_server = {\n"
	"\t.name = \"TCPServer\",\n"
	"\t.base = &ss_base_server,\n"
	"\t.address_family = AF_INET,\n"
	"};\n"
	"/*@diagram 02-second root=serve server=TCPServer \"Chapter 2\" */\n"
	"/*@classes classes \"The classes\" */\n";

static const char expected_first[] =
	"digraph \"01-first\" {\n"
	"  graph [label=\"Chapter 1: \\\"echo\\\"\", labelloc=t, fontname=\"Helvetica\", rankdir=TB];\n"
	"  node [fontname=\"Helvetica\", fontsize=11];\n"
	"  edge [fontname=\"Helvetica\", fontsize=10];\n"
	"  \"main\" [shape=box, style=rounded];\n"
	"  \"echo_conversation\" [shape=box, style=rounded];\n"
	"  \"ss_recv\" [shape=box, style=rounded];\n"
	"  \"recv\" [shape=plaintext, fontcolor=gray30];\n"
	"  \"worker\" [shape=plaintext, fontcolor=gray30];\n"
	"  \"main\" -> \"echo_conversation\";\n"
	"  \"echo_conversation\" -> \"ss_recv\" [label=\"until it closes\"];\n"
	"  \"ss_recv\" -> \"recv\";\n"
	"  \"main\" -> \"worker\" [style=dashed, label=\"new thread\"];\n"
	"}\n";

static const char expected_second[] =
	"digraph \"02-second\" {\n"
	"  graph [label=\"Chapter 2\", labelloc=t, fontname=\"Helvetica\", rankdir=TB];\n"
	"  node [fontname=\"Helvetica\", fontsize=11];\n"
	"  edge [fontname=\"Helvetica\", fontsize=10];\n"
	"  \"BaseServer.serve_forever\" [shape=box, label=\"BaseServer\\nserve_forever\"];\n"
	"  \"BaseServer._handle_request\" [shape=box, label=\"BaseServer\\n_handle_request\"];\n"
	"  \"BaseServer.verify_request\" [shape=box, style=rounded, label=\"BaseServer\\nverify_request\", "
	"class=\"untraced\"];\n"
	"  \"ss_recv\" [shape=box, style=rounded];\n"
	"  \"recv\" [shape=plaintext, fontcolor=gray30];\n"
	"  \"BaseServer.serve_forever\" -> \"BaseServer._handle_request\";\n"
	"  \"BaseServer._handle_request\" -> \"BaseServer.verify_request\" [label=\"if allowed\"];\n"
	"  \"BaseServer._handle_request\" -> \"ss_recv\";\n"
	"  \"ss_recv\" -> \"recv\";\n"
	"}\n";

static const char expected_classes[] =
	"digraph \"classes\" {\n"
	"  graph [label=\"The classes\", labelloc=t, fontname=\"Helvetica\", rankdir=TB];\n"
	"  node [fontname=\"Helvetica\", fontsize=11];\n"
	"  edge [fontname=\"Helvetica\", fontsize=10];\n"
	"  \"BaseServer\" [shape=record, label=\"{BaseServer\\n(ss_base_server)|serve_forever()\\l"
	"_handle_request()\\lverify_request()\\l|timeout\\ =\\ -1\\l}\"];\n"
	"  \"TCPServer\" [shape=record, label=\"{TCPServer\\n(ss_tcp_server)||"
	"address_family\\ =\\ AF_INET\\l}\"];\n"
	"  \"BaseServer\" -> \"TCPServer\" [dir=back, arrowtail=empty];\n"
	"}\n";

struct tree {
	char *root;
	char *chapters[2];
};

static int
make_tree(void **state)
{
	struct tree *tree = calloc(1, sizeof *tree);
	tree->root = scratch_create();
	scratch_write(tree->root, "chapters/01-first/net.c", net_c);
	scratch_write(tree->root, "chapters/01-first/programs/echo.c", echo_c);
	scratch_write(tree->root, "chapters/02-second/server.c", server_c);
	tree->chapters[0] = scratch_path(tree->root, "chapters/01-first");
	tree->chapters[1] = scratch_path(tree->root, "chapters/02-second/");
	*state = tree;
	return 0;
}

static int
remove_tree(void **state)
{
	struct tree *tree = *state;
	scratch_destroy(tree->root);
	free(tree->chapters[0]);
	free(tree->chapters[1]);
	free(tree);
	return 0;
}

/* The generated diagrams, "NAME\n<dot>" each, concatenated (free it). */
static char *
generate_all(const char *const *chapters, size_t count)
{
	struct arena arena;
	struct problems problems;
	struct pointer_list diagrams = {0};
	arena_init(&arena);
	problems_init(&problems, stderr);
	assert_int_equal(load_and_generate(&arena, chapters, count, &diagrams, &problems), 0);
	struct text_buffer all = {0};
	for (size_t i = 0; i < diagrams.count; i++) {
		const struct generated_diagram *diagram = diagrams.items[i];
		text_printf(&arena, &all, "%s\n%s", diagram->declaration->name, diagram->dot);
	}
	char *result = strdup(text_get(&all));
	problems_release(&problems);
	arena_release(&arena);
	return result;
}

static void
writes_call_flows_and_classes_in_the_fixed_format(void **state)
{
	struct tree *tree = *state;
	char *all = generate_all((const char *const *)tree->chapters, 2);
	char expected[4096];
	snprintf(expected, sizeof expected, "01-first\n%s02-second\n%sclasses\n%s", expected_first,
	         expected_second, expected_classes);
	assert_string_equal(all, expected);
	free(all);
}

static void
gives_the_same_text_whatever_the_order_of_the_chapters(void **state)
{
	struct tree *tree = *state;
	const char *reversed[] = {tree->chapters[1], tree->chapters[0]};
	char *first = generate_all((const char *const *)tree->chapters, 2);
	char *again = generate_all((const char *const *)tree->chapters, 2);
	char *other_order = generate_all(reversed, 2);
	assert_string_equal(first, again);
	assert_string_equal(first, other_order);
	free(first);
	free(again);
	free(other_order);
}

static void
generate_writes_only_what_changed(void **state)
{
	struct tree *tree = *state;
	char *out_dir = scratch_path(tree->root, "diagrams");

	struct captured first = capture(command_generate, out_dir, (const char *const *)tree->chapters, 2);
	assert_int_equal(first.status, 0);
	assert_contains(first.out, "wrote ");
	assert_contains(first.out, "diagram generate: 3 diagrams in ");
	char *written = scratch_read(tree->root, "diagrams/01-first.dot");
	assert_string_equal(written, expected_first);

	struct captured second =
		capture(command_generate, out_dir, (const char *const *)tree->chapters, 2);
	assert_int_equal(second.status, 0);
	assert_lacks(second.out, "wrote ");
	assert_contains(second.out, "0 rewritten");

	free(written);
	captured_free(&first);
	captured_free(&second);
	free(out_dir);
}

static void
generate_writes_nothing_when_the_sources_have_a_problem(void **state)
{
	struct tree *tree = *state;
	char *out_dir = scratch_path(tree->root, "diagrams");
	scratch_write(tree->root, "chapters/02-second/broken.c", "/*@ -> nowhere */\n");

	struct captured result =
		capture(command_generate, out_dir, (const char *const *)tree->chapters, 2);
	assert_int_equal(result.status, 1);
	assert_contains(result.err, "chapters/02-second/broken.c:1: call annotation outside any function");
	assert_null(scratch_read(tree->root, "diagrams/01-first.dot"));

	captured_free(&result);
	free(out_dir);
}

static void
reports_a_diagram_name_declared_twice(void **state)
{
	struct tree *tree = *state;
	scratch_write(tree->root, "chapters/02-second/again.c", "/*@classes 01-first \"again\" */\n");
	struct captured result =
		capture(command_generate, tree->root, (const char *const *)tree->chapters, 2);
	assert_int_equal(result.status, 1);
	assert_contains(result.err, "chapters/02-second/again.c:1: diagram 01-first is already declared at ");
	captured_free(&result);
}

#define WITH_TREE(test) cmocka_unit_test_setup_teardown(test, make_tree, remove_tree)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		WITH_TREE(writes_call_flows_and_classes_in_the_fixed_format),
		WITH_TREE(gives_the_same_text_whatever_the_order_of_the_chapters),
		WITH_TREE(generate_writes_only_what_changed),
		WITH_TREE(generate_writes_nothing_when_the_sources_have_a_problem),
		WITH_TREE(reports_a_diagram_name_declared_twice),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
