/* check: every way the committed diagrams can be out of date, and the fresh case. */
#include "fixture.h"

#include "check.h"
#include "generate.h"
#include "render.h"

static const char server_c[] =
	"int\n"
	"serve(void)\n"
	"{\n"
	"\t/*@ -> poll [until shutdown] */\n"
	"\treturn 0;\n"
	"}\n"
	"/*@diagram flow root=serve \"Flow\" */\n"
	"/*@classes classes \"Classes\" */\n";

/* What graphviz would print, near enough: only the first line's place matters. */
static const char fake_svg[] = "<?xml version=\"1.0\"?>\n<svg><g/></svg>\n";

struct repository {
	char *root;
	char *chapter;
	char *diagrams;
};

/* Writes root/diagrams/NAME.svg as rendered from root/diagrams/NAME.dot. */
static void
stamp_svg(const char *root, const char *name)
{
	char relative[256];
	snprintf(relative, sizeof relative, "diagrams/%s.dot", name);
	char *dot = scratch_read(root, relative);
	assert_non_null(dot);
	struct arena arena;
	arena_init(&arena);
	snprintf(relative, sizeof relative, "diagrams/%s.svg", name);
	scratch_write(root, relative, svg_with_hash(&arena, fake_svg, dot, strlen(dot)));
	arena_release(&arena);
	free(dot);
}

/* A repository whose diagrams are all fresh. */
static int
make_fresh_repository(void **state)
{
	struct repository *repository = calloc(1, sizeof *repository);
	repository->root = scratch_create();
	scratch_write(repository->root, "chapters/01-only/server.c", server_c);
	repository->chapter = scratch_path(repository->root, "chapters/01-only");
	repository->diagrams = scratch_path(repository->root, "diagrams");

	struct captured generated = capture(command_generate, repository->diagrams,
	                                    (const char *const *)&repository->chapter, 1);
	assert_int_equal(generated.status, 0);
	captured_free(&generated);
	stamp_svg(repository->root, "flow");
	stamp_svg(repository->root, "classes");
	*state = repository;
	return 0;
}

static int
remove_repository(void **state)
{
	struct repository *repository = *state;
	scratch_destroy(repository->root);
	free(repository->chapter);
	free(repository->diagrams);
	free(repository);
	return 0;
}

static struct captured
check(const struct repository *repository)
{
	return capture(command_check, repository->diagrams, (const char *const *)&repository->chapter, 1);
}

/* The check fails, and its messages hold expected. */
static void
expect_failure(const struct repository *repository, const char *expected)
{
	struct captured result = check(repository);
	assert_int_equal(result.status, 1);
	assert_contains(result.err, expected);
	assert_string_equal(result.out, "");
	captured_free(&result);
}

static void
passes_when_everything_is_fresh(void **state)
{
	struct repository *repository = *state;
	struct captured result = check(repository);
	assert_string_equal(result.err, "");
	assert_int_equal(result.status, 0);
	assert_contains(result.out, "diagram check: 2 diagrams fresh in ");
	captured_free(&result);
}

static void
fails_on_a_hand_edited_dot(void **state)
{
	struct repository *repository = *state;
	char *dot = scratch_read(repository->root, "diagrams/flow.dot");
	char *label = strstr(dot, "until shutdown");
	memcpy(label, "until SHUTDOWN", strlen("until SHUTDOWN"));
	scratch_write(repository->root, "diagrams/flow.dot", dot);
	free(dot);
	stamp_svg(repository->root, "flow"); /* even re-rendered, the .dot is not what the code says */

	expect_failure(repository, "diagrams/flow.dot:7: stale: the annotations generate "
	                           "'  \"serve\" -> \"poll\" [label=\"until shutdown\"];' here, "
	                           "the file has '  \"serve\" -> \"poll\" [label=\"until SHUTDOWN\"];'");
}

static void
fails_when_the_code_changed_but_the_dot_did_not(void **state)
{
	struct repository *repository = *state;
	scratch_write(repository->root, "chapters/01-only/more.c",
	              "void\nextra(void)\n{\n}\n/*@diagram extra root=extra \"Extra\" */\n");
	expect_failure(repository, "diagrams/extra.dot: missing: ");
	expect_failure(repository, "/chapters/01-only/more.c:5 declares it (run make diagrams)");
}

static void
fails_on_a_missing_dot(void **state)
{
	struct repository *repository = *state;
	scratch_delete(repository->root, "diagrams/classes.dot");
	expect_failure(repository, "diagrams/classes.dot: missing: ");
}

static void
fails_on_an_orphan_dot(void **state)
{
	struct repository *repository = *state;
	scratch_write(repository->root, "diagrams/removed.dot", "digraph \"removed\" {\n}\n");
	expect_failure(repository, "diagrams/removed.dot: orphan: no @diagram or @classes annotation "
	                           "declares removed");
}

static void
fails_on_a_missing_svg(void **state)
{
	struct repository *repository = *state;
	scratch_delete(repository->root, "diagrams/flow.svg");
	expect_failure(repository, "diagrams/flow.svg: missing (run make diagrams)");
}

static void
fails_on_an_svg_rendered_from_another_dot(void **state)
{
	struct repository *repository = *state;
	char *classes_svg = scratch_read(repository->root, "diagrams/classes.svg");
	scratch_write(repository->root, "diagrams/flow.svg", classes_svg);
	free(classes_svg);
	expect_failure(repository, "diagrams/flow.svg: stale: rendered from another version of ");
}

static void
fails_on_an_svg_without_its_hash(void **state)
{
	struct repository *repository = *state;
	scratch_write(repository->root, "diagrams/flow.svg", fake_svg);
	expect_failure(repository, "diagrams/flow.svg: no dot-hash comment");
}

static void
fails_when_the_sources_have_a_problem(void **state)
{
	struct repository *repository = *state;
	scratch_write(repository->root, "chapters/01-only/bad.c", "/*@diagram flow root=serve \"Again\" */\n");
	/* files are read by name: bad.c first */
	expect_failure(repository, "chapters/01-only/server.c:7: diagram flow is already declared at ");
}

#define WITH_REPOSITORY(test) cmocka_unit_test_setup_teardown(test, make_fresh_repository, remove_repository)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		WITH_REPOSITORY(passes_when_everything_is_fresh),
		WITH_REPOSITORY(fails_on_a_hand_edited_dot),
		WITH_REPOSITORY(fails_when_the_code_changed_but_the_dot_did_not),
		WITH_REPOSITORY(fails_on_a_missing_dot),
		WITH_REPOSITORY(fails_on_an_orphan_dot),
		WITH_REPOSITORY(fails_on_a_missing_svg),
		WITH_REPOSITORY(fails_on_an_svg_rendered_from_another_dot),
		WITH_REPOSITORY(fails_on_an_svg_without_its_hash),
		WITH_REPOSITORY(fails_when_the_sources_have_a_problem),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
