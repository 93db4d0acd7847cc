/* test_regions.c — region markers: finding regions, cutting their bodies,
 * and every defect of the markers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fixture.h"
#include "regions.h"

#include <stdlib.h>

/* Scan text as source "a.c"; expect no defect; return region name's body. */
static char *
body_of(const char *text, const char *name)
{
	lines source = fixture_lines(text), body;
	region_set set = { 0 };
	problem_list defects;
	const region *r;
	char *joined;

	problems_init(&defects);
	regions_scan(&source, "a.c", &set, &defects);
	problems_print(&defects, stdout);
	assert_int_equal(defects.count, 0);
	r = regions_find(&set, name);
	assert_non_null(r);
	region_body(&source, r, &body);
	joined = fixture_join(&body);
	lines_free(&body);
	lines_free(&source);
	regions_free(&set);
	problems_free(&defects);
	return joined;
}

/* Scan text as source "a.c"; the defects found. */
static problem_list
defects_of(const char *text)
{
	lines source = fixture_lines(text);
	region_set set = { 0 };
	problem_list defects;

	problems_init(&defects);
	regions_scan(&source, "a.c", &set, &defects);
	lines_free(&source);
	regions_free(&set);
	return defects;
}

static void
region_body_is_the_lines_between_its_markers(void **state)
{
	char *body = body_of("int before;\n"
	                     "/*@region globals */\n"
	                     "int a;\n"
	                     "\n"
	                     "int b;\n"
	                     "/*@end globals */\n"
	                     "int after;\n",
	                     "globals");

	(void)state;
	assert_string_equal(body, "int a;\n\nint b;\n");
	free(body);
}

static void
marker_without_space_before_comment_end_is_a_marker(void **state)
{
	char *body = body_of("/*@region tight*/\nint a;\n/*@end tight*/\n", "tight");

	(void)state;
	assert_string_equal(body, "int a;\n");
	free(body);
}

static void
nested_region_markers_are_removed_from_the_outer_body(void **state)
{
	const char *text = "/*@region outer */\n"
	                   "int a;\n"
	                   "/*@region inner */\n"
	                   "int b;\n"
	                   "/*@end inner */\n"
	                   "int c;\n"
	                   "/*@end outer */\n";
	char *outer = body_of(text, "outer");
	char *inner = body_of(text, "inner");

	(void)state;
	assert_string_equal(outer, "int a;\nint b;\nint c;\n");
	assert_string_equal(inner, "int b;\n");
	free(outer);
	free(inner);
}

static void
region_inside_a_function_is_shown_flush_left(void **state)
{
	char *body = body_of("int\n"
	                     "f(int x)\n"
	                     "{\n"
	                     "\t/*@region loop */\n"
	                     "\twhile (x > 0) {\n"
	                     "\t\tx--;\n"
	                     "\n"
	                     "\t}\n"
	                     "\t/*@end loop */\n"
	                     "\treturn x;\n"
	                     "}\n",
	                     "loop");

	(void)state;
	assert_string_equal(body, "while (x > 0) {\n\tx--;\n\n}\n");
	free(body);
}

static void
dedent_removes_only_the_indentation_all_lines_share(void **state)
{
	lines text = fixture_lines("\t\tint a;\n\t  \n\t\t\tint b;\n\tint c;\n");
	char *joined;

	(void)state;
	lines_dedent(&text);
	joined = fixture_join(&text);
	assert_string_equal(joined, "\tint a;\n\n\t\tint b;\nint c;\n");
	free(joined);
	lines_free(&text);
}

static void
marker_parse_recognises_markers_and_their_names(void **state)
{
	char *name;

	(void)state;
	assert_int_equal(marker_parse("\t/*@region a-b.c_1 */", &name), MARKER_START);
	assert_string_equal(name, "a-b.c_1");
	free(name);
	assert_int_equal(marker_parse("/*@end x*/  ", &name), MARKER_END);
	assert_string_equal(name, "x");
	free(name);
	assert_int_equal(marker_parse("int x; /* region */", &name), MARKER_NONE);
	assert_null(name);
	assert_int_equal(marker_parse("/*@regions x */", &name), MARKER_NONE);
	assert_int_equal(marker_parse("/*@ -> accept */", &name), MARKER_NONE);
}

static void
marker_parse_rejects_a_marker_without_name_or_sharing_its_line(void **state)
{
	char *name;

	(void)state;
	assert_int_equal(marker_parse("/*@region */", &name), MARKER_MALFORMED);
	assert_int_equal(marker_parse("/*@region a b */", &name), MARKER_MALFORMED);
	assert_int_equal(marker_parse("/*@end a", &name), MARKER_MALFORMED);
	assert_int_equal(marker_parse("int x; /*@region a */", &name), MARKER_MALFORMED);
	assert_int_equal(marker_parse("/*@end a */ int x;", &name), MARKER_MALFORMED);
	assert_null(name);
}

static void
scan_reports_a_region_defined_twice(void **state)
{
	problem_list defects = defects_of("/*@region a */\n/*@end a */\n/*@region a */\n/*@end a */\n");

	(void)state;
	assert_one_problem(&defects, "a.c", 3, "region 'a' is defined twice (first at line 1)");
	problems_free(&defects);
}

static void
scan_reports_an_end_without_its_region(void **state)
{
	problem_list defects = defects_of("int a;\n/*@end a */\n");

	(void)state;
	assert_one_problem(&defects, "a.c", 2, "/*@end a */ without its /*@region a */");
	problems_free(&defects);
}

static void
scan_reports_a_region_never_ended(void **state)
{
	problem_list defects = defects_of("/*@region a */\nint a;\n");

	(void)state;
	assert_one_problem(&defects, "a.c", 1, "region 'a' is never ended");
	problems_free(&defects);
}

static void
scan_reports_crossed_nesting(void **state)
{
	problem_list defects = defects_of("/*@region a */\n/*@region b */\n/*@end a */\n/*@end b */\n");

	(void)state;
	assert_one_problem(&defects, "a.c", 3, "region 'a' ends while region 'b' (line 2)");
	problems_free(&defects);
}

static void
scan_reports_a_malformed_marker(void **state)
{
	problem_list defects = defects_of("int x; /*@region a */\n");

	(void)state;
	assert_one_problem(&defects, "a.c", 1, "malformed region marker");
	problems_free(&defects);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(region_body_is_the_lines_between_its_markers),
		cmocka_unit_test(marker_without_space_before_comment_end_is_a_marker),
		cmocka_unit_test(nested_region_markers_are_removed_from_the_outer_body),
		cmocka_unit_test(region_inside_a_function_is_shown_flush_left),
		cmocka_unit_test(dedent_removes_only_the_indentation_all_lines_share),
		cmocka_unit_test(marker_parse_recognises_markers_and_their_names),
		cmocka_unit_test(marker_parse_rejects_a_marker_without_name_or_sharing_its_line),
		cmocka_unit_test(scan_reports_a_region_defined_twice),
		cmocka_unit_test(scan_reports_an_end_without_its_region),
		cmocka_unit_test(scan_reports_a_region_never_ended),
		cmocka_unit_test(scan_reports_crossed_nesting),
		cmocka_unit_test(scan_reports_a_malformed_marker),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
