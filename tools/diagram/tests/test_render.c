/* render and dot_hash: x.dot -> x.svg with graphviz, stamped with the .dot's hash. */
#include "fixture.h"

#include <inttypes.h>

#include "dot_hash.h"
#include "render.h"

static const char small_dot[] = "digraph \"d\" {\n  \"a\" -> \"b\";\n}\n";

static void
hashes_like_the_published_fnv1a64_vectors(void **state)
{
	(void)state;
	assert_true(fnv1a64("", 0) == UINT64_C(0xcbf29ce484222325));
	assert_true(fnv1a64("a", 1) == UINT64_C(0xaf63dc4c8601ec8c));
	assert_true(fnv1a64("foobar", 6) == UINT64_C(0x85944171f73967e8));
}

static void
reads_back_the_hash_it_writes(void **state)
{
	(void)state;
	char comment[64];
	uint64_t hash = 0;
	dot_hash_comment(UINT64_C(0x00ff00ff00ff00ff), comment, sizeof comment);
	assert_string_equal(comment, "<!-- dot-hash: fnv1a64:00ff00ff00ff00ff -->");
	assert_true(svg_dot_hash("<?xml?>\n<!-- dot-hash: fnv1a64:00ff00ff00ff00ff -->\n<svg/>", &hash));
	assert_true(hash == UINT64_C(0x00ff00ff00ff00ff));
	assert_false(svg_dot_hash("<svg/>", &hash));
	assert_false(svg_dot_hash("<!-- dot-hash: fnv1a64:00ff -->", &hash));
	assert_false(svg_dot_hash("<!-- dot-hash: fnv1a64:00ff00ff00ff00fg -->", &hash));
}

static void
puts_the_hash_after_the_xml_declaration(void **state)
{
	(void)state;
	struct arena arena;
	arena_init(&arena);
	char comment[64];
	dot_hash_comment(fnv1a64(small_dot, strlen(small_dot)), comment, sizeof comment);
	char expected[256];
	snprintf(expected, sizeof expected, "<?xml version=\"1.0\"?>\n%s\n<svg/>\n", comment);
	const char *svg = "<?xml version=\"1.0\"?>\n<svg/>\n";
	assert_string_equal(svg_with_hash(&arena, svg, small_dot, strlen(small_dot)), expected);
	snprintf(expected, sizeof expected, "<svg/>\n%s\n", comment);
	assert_string_equal(svg_with_hash(&arena, "<svg/>", small_dot, strlen(small_dot)), expected);
	arena_release(&arena);
}

struct rendering {
	char *root;
	char *dot_path;
	struct arena arena;
	char *out, *err;
	size_t out_size, err_size;
	FILE *out_stream, *err_stream;
};

static int
make_dot_file(void **state)
{
	struct rendering *rendering = calloc(1, sizeof *rendering);
	rendering->root = scratch_create();
	scratch_write(rendering->root, "d.dot", small_dot);
	rendering->dot_path = scratch_path(rendering->root, "d.dot");
	arena_init(&rendering->arena);
	rendering->out_stream = open_memstream(&rendering->out, &rendering->out_size);
	rendering->err_stream = open_memstream(&rendering->err, &rendering->err_size);
	*state = rendering;
	return 0;
}

static int
remove_dot_file(void **state)
{
	struct rendering *rendering = *state;
	fclose(rendering->out_stream);
	fclose(rendering->err_stream);
	free(rendering->out);
	free(rendering->err);
	arena_release(&rendering->arena);
	scratch_destroy(rendering->root);
	free(rendering->dot_path);
	free(rendering);
	return 0;
}

static int
render(struct rendering *rendering, const char *path, bool force)
{
	int status = render_dot_file(&rendering->arena, path, force, rendering->out_stream,
	                             rendering->err_stream);
	fflush(rendering->out_stream);
	fflush(rendering->err_stream);
	return status;
}

static void
renders_an_svg_stamped_with_the_hash_of_its_dot(void **state)
{
	struct rendering *rendering = *state;
	assert_int_equal(render(rendering, rendering->dot_path, false), 0);
	assert_contains(rendering->out, "rendered ");
	assert_contains(rendering->out, "/d.svg");

	char *svg = scratch_read(rendering->root, "d.svg");
	assert_non_null(svg);
	assert_true(strncmp(svg, "<?xml", 5) == 0);
	char comment[64];
	dot_hash_comment(fnv1a64(small_dot, strlen(small_dot)), comment, sizeof comment);
	const char *second_line = strchr(svg, '\n') + 1;
	assert_true(strncmp(second_line, comment, strlen(comment)) == 0);
	assert_contains(svg, "<svg");
	free(svg);
}

static void
keeps_a_fresh_svg_unless_forced(void **state)
{
	struct rendering *rendering = *state;
	assert_int_equal(render(rendering, rendering->dot_path, false), 0);
	char *svg = scratch_read(rendering->root, "d.svg");
	char marked[8192];
	snprintf(marked, sizeof marked, "%s<!-- marker -->\n", svg);
	scratch_write(rendering->root, "d.svg", marked);
	free(svg);

	assert_int_equal(render(rendering, rendering->dot_path, false), 0);
	svg = scratch_read(rendering->root, "d.svg");
	assert_contains(svg, "<!-- marker -->");
	free(svg);

	assert_int_equal(render(rendering, rendering->dot_path, true), 0);
	svg = scratch_read(rendering->root, "d.svg");
	assert_lacks(svg, "<!-- marker -->");
	free(svg);
}

static void
renders_again_when_the_dot_changed(void **state)
{
	struct rendering *rendering = *state;
	assert_int_equal(render(rendering, rendering->dot_path, false), 0);
	scratch_write(rendering->root, "d.dot", "digraph \"d\" {\n  \"a\" -> \"c\";\n}\n");
	assert_int_equal(render(rendering, rendering->dot_path, false), 0);
	char *svg = scratch_read(rendering->root, "d.svg");
	assert_contains(svg, ">c</text>");
	free(svg);
}

static void
reports_what_it_cannot_render(void **state)
{
	struct rendering *rendering = *state;
	char *not_dot = scratch_path(rendering->root, "d.txt");
	char *missing = scratch_path(rendering->root, "missing.dot");
	assert_int_equal(render(rendering, not_dot, false), -1);
	assert_contains(rendering->err, "d.txt: not a .dot file");
	assert_int_equal(render(rendering, missing, false), -1);
	assert_contains(rendering->err, "missing.dot: No such file");

	scratch_write(rendering->root, "d.dot", "this is not dot {{\n");
	assert_int_equal(render(rendering, rendering->dot_path, false), -1);
	assert_contains(rendering->err, "failed");
	assert_null(scratch_read(rendering->root, "d.svg"));
	free(not_dot);
	free(missing);
}

static void
says_so_when_graphviz_is_missing(void **state)
{
	struct rendering *rendering = *state;
	char *saved_path = strdup(getenv("PATH"));
	setenv("PATH", rendering->root, 1); /* a directory without dot */
	int status = render(rendering, rendering->dot_path, false);
	setenv("PATH", saved_path, 1);
	free(saved_path);
	assert_int_equal(status, -1);
	assert_contains(rendering->err, "cannot run dot: is graphviz installed and on PATH?");
}

#define WITH_DOT_FILE(test) cmocka_unit_test_setup_teardown(test, make_dot_file, remove_dot_file)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hashes_like_the_published_fnv1a64_vectors),
		cmocka_unit_test(reads_back_the_hash_it_writes),
		cmocka_unit_test(puts_the_hash_after_the_xml_declaration),
		WITH_DOT_FILE(renders_an_svg_stamped_with_the_hash_of_its_dot),
		WITH_DOT_FILE(keeps_a_fresh_svg_unless_forced),
		WITH_DOT_FILE(renders_again_when_the_dot_changed),
		WITH_DOT_FILE(reports_what_it_cannot_render),
		WITH_DOT_FILE(says_so_when_graphviz_is_missing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
