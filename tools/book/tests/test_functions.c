/* test_functions.c — cutting a function out of a source by name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fixture.h"
#include "functions.h"

#include <stdlib.h>

/* Scan text as source "a.c"; expect no defect; return how many definitions
 * of name there are and, if one, its excerpt in *excerpt (else NULL). */
static size_t
find_function(const char *text, const char *name, char **excerpt)
{
	lines source = fixture_lines(text), body;
	function_set set = { 0 };
	problem_list defects;
	const function *f;
	size_t count;

	problems_init(&defects);
	functions_scan(&source, "a.c", &set, &defects);
	assert_int_equal(defects.count, 0);
	f = functions_find(&set, name, &count);
	*excerpt = NULL;
	if (f != NULL) {
		function_body(&source, f, &body);
		*excerpt = fixture_join(&body);
		lines_free(&body);
	}
	lines_free(&source);
	functions_free(&set);
	problems_free(&defects);
	return count;
}

/* The excerpt of the single definition of name in text. */
static char *
excerpt_of(const char *text, const char *name)
{
	char *excerpt;

	assert_int_equal(find_function(text, name, &excerpt), 1);
	return excerpt;
}

static void
return_type_on_its_own_line_is_part_of_the_excerpt(void **state)
{
	char *excerpt = excerpt_of("#include <x.h>\n"
	                           "int g;\n"
	                           "int\n"
	                           "f(int x)\n"
	                           "{\n"
	                           "\treturn x;\n"
	                           "}\n"
	                           "int after;\n",
	                           "f");

	(void)state;
	assert_string_equal(excerpt, "int\nf(int x)\n{\n\treturn x;\n}\n");
	free(excerpt);
}

static void
return_type_on_the_name_line_works_too(void **state)
{
	char *excerpt = excerpt_of("int f(void)\n{\n\treturn 1;\n}\n", "f");

	(void)state;
	assert_string_equal(excerpt, "int f(void)\n{\n\treturn 1;\n}\n");
	free(excerpt);
}

static void
leading_comment_that_touches_is_included(void **state)
{
	char *excerpt = excerpt_of("int g;\n"
	                           "\n"
	                           "/* Twice x.\n"
	                           " * Never fails. */\n"
	                           "int\n"
	                           "twice(int x)\n"
	                           "{\n"
	                           "\treturn 2 * x;\n"
	                           "}\n",
	                           "twice");

	(void)state;
	assert_string_equal(excerpt, "/* Twice x.\n * Never fails. */\nint\ntwice(int x)\n{\n"
	                             "\treturn 2 * x;\n}\n");
	free(excerpt);
}

static void
comment_tail_without_star_is_part_of_the_comment(void **state)
{
	char *excerpt = excerpt_of("/* Twice x,\n"
	                           "   never fails. */\n"
	                           "int\n"
	                           "twice(int x)\n"
	                           "{\n"
	                           "\treturn 2 * x;\n"
	                           "}\n",
	                           "twice");

	(void)state;
	assert_string_equal(excerpt, "/* Twice x,\n   never fails. */\nint\ntwice(int x)\n{\n"
	                             "\treturn 2 * x;\n}\n");
	free(excerpt);
}

static void
comment_separated_by_a_blank_line_is_not_included(void **state)
{
	char *excerpt = excerpt_of("/* About the file. */\n"
	                           "\n"
	                           "void\n"
	                           "f(void)\n"
	                           "{\n"
	                           "}\n",
	                           "f");

	(void)state;
	assert_string_equal(excerpt, "void\nf(void)\n{\n}\n");
	free(excerpt);
}

static void
code_with_a_trailing_comment_above_is_not_a_leading_comment(void **state)
{
	char *excerpt = excerpt_of("static int reserve = -1; /* the spare */\n"
	                           "void\n"
	                           "f(void)\n"
	                           "{\n"
	                           "}\n",
	                           "f");

	(void)state;
	assert_string_equal(excerpt, "void\nf(void)\n{\n}\n");
	free(excerpt);
}

static void
static_function_is_found(void **state)
{
	char *excerpt = excerpt_of("static void\n"
	                           "helper(int fd,\n"
	                           "       int flags)\n"
	                           "{\n"
	                           "\t(void)fd;\n"
	                           "\t(void)flags;\n"
	                           "}\n",
	                           "helper");

	(void)state;
	assert_string_equal(excerpt, "static void\nhelper(int fd,\n       int flags)\n{\n"
	                             "\t(void)fd;\n\t(void)flags;\n}\n");
	free(excerpt);
}

static void
prototype_is_not_a_definition(void **state)
{
	char *excerpt;

	(void)state;
	assert_int_equal(find_function("int f(int x);\n\nint g;\n", "f", &excerpt), 0);
	assert_null(excerpt);
	excerpt = excerpt_of("int f(int x);\n"
	                     "\n"
	                     "int\n"
	                     "f(int x)\n"
	                     "{\n"
	                     "\treturn x;\n"
	                     "}\n",
	                     "f");
	assert_string_equal(excerpt, "int\nf(int x)\n{\n\treturn x;\n}\n");
	free(excerpt);
}

static void
call_inside_another_function_is_not_a_definition(void **state)
{
	char *excerpt;

	(void)state;
	assert_int_equal(find_function("int\n"
	                                "g(void)\n"
	                                "{\n"
	                                "\treturn f(1)\n"
	                                "\t       + f(2);\n"
	                                "}\n",
	                                "f", &excerpt),
	                 0);
	assert_null(excerpt);
}

static void
region_marker_above_a_function_is_not_its_comment(void **state)
{
	char *excerpt = excerpt_of("/*@region r */\n"
	                           "int\n"
	                           "f(void)\n"
	                           "{\n"
	                           "\t/*@region inner */\n"
	                           "\treturn 0;\n"
	                           "\t/*@end inner */\n"
	                           "}\n"
	                           "/*@end r */\n",
	                           "f");

	(void)state;
	assert_string_equal(excerpt, "int\nf(void)\n{\n\treturn 0;\n}\n");
	free(excerpt);
}

static void
annotation_above_a_function_is_not_its_comment(void **state)
{
	char *excerpt = excerpt_of("/*@diagram loop root=f \"The loop\" */\n"
	                           "/* f's own comment. */\n"
	                           "int\n"
	                           "f(void)\n"
	                           "{\n"
	                           "\treturn 0;\n"
	                           "}\n",
	                           "f");

	(void)state;
	assert_string_equal(excerpt, "/* f's own comment. */\nint\nf(void)\n{\n\treturn 0;\n}\n");
	free(excerpt);
}

static void
indented_declarator_is_not_a_definition(void **state)
{
	char *excerpt;

	(void)state;
	assert_int_equal(find_function("int g;\n\tint\n\tf(void)\n{\n}\n", "f", &excerpt), 0);
	assert_null(excerpt);
}

static void
initialiser_with_brace_in_column_0_is_not_a_function(void **state)
{
	char *excerpt;

	(void)state;
	assert_int_equal(find_function("static const int sizes[] = f(1) ==\n{\n\t1, 2,\n};\n",
	                                "f", &excerpt),
	                 0);
	assert_null(excerpt);
}

static void
attribute_before_the_name_is_skipped(void **state)
{
	char *excerpt = excerpt_of("__attribute__((noreturn)) void\n"
	                           "die(void)\n"
	                           "{\n"
	                           "\tfor (;;);\n"
	                           "}\n",
	                           "die");

	(void)state;
	assert_string_equal(excerpt, "__attribute__((noreturn)) void\ndie(void)\n{\n\tfor (;;);\n}\n");
	free(excerpt);
}

static void
function_defined_twice_is_found_twice(void **state)
{
	char *excerpt;

	(void)state;
	assert_int_equal(find_function("#ifdef A\nvoid\nf(void)\n{\n}\n"
	                               "#else\nvoid\nf(void)\n{\n}\n#endif\n",
	                               "f", &excerpt),
	                 2);
	free(excerpt);
}

static void
function_without_closing_brace_in_column_0_is_a_defect(void **state)
{
	lines source = fixture_lines("void\nf(void)\n{\n\treturn;\n  }\n");
	function_set set = { 0 };
	problem_list defects;

	(void)state;
	problems_init(&defects);
	functions_scan(&source, "a.c", &set, &defects);
	assert_one_problem(&defects, "a.c", 3, "function 'f' has no closing }");
	assert_int_equal(set.count, 0);
	problems_free(&defects);
	functions_free(&set);
	lines_free(&source);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(return_type_on_its_own_line_is_part_of_the_excerpt),
		cmocka_unit_test(return_type_on_the_name_line_works_too),
		cmocka_unit_test(leading_comment_that_touches_is_included),
		cmocka_unit_test(comment_tail_without_star_is_part_of_the_comment),
		cmocka_unit_test(comment_separated_by_a_blank_line_is_not_included),
		cmocka_unit_test(code_with_a_trailing_comment_above_is_not_a_leading_comment),
		cmocka_unit_test(static_function_is_found),
		cmocka_unit_test(prototype_is_not_a_definition),
		cmocka_unit_test(call_inside_another_function_is_not_a_definition),
		cmocka_unit_test(region_marker_above_a_function_is_not_its_comment),
		cmocka_unit_test(annotation_above_a_function_is_not_its_comment),
		cmocka_unit_test(indented_declarator_is_not_a_definition),
		cmocka_unit_test(initialiser_with_brace_in_column_0_is_not_a_function),
		cmocka_unit_test(attribute_before_the_name_is_skipped),
		cmocka_unit_test(function_defined_twice_is_found_twice),
		cmocka_unit_test(function_without_closing_brace_in_column_0_is_a_defect),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
