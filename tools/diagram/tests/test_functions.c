/* functions: finding definitions by their column-0 braces, and their trace points. */
#include "fixture.h"

#include "functions.h"

static const struct function_def *
function_at(const struct parsed_file *file, size_t index)
{
	assert_true(index < file->functions.count);
	return file->functions.items[index];
}

static void
finds_static_and_exported_definitions(void **state)
{
	(void)state;
	struct session *session = session_new();
	struct parsed_file *file = session_add(session, "a.c", 1,
		"#include <stdio.h>\n"                  /* 1 */
		"\n"                                     /* 2 */
		"static int\n"                           /* 3 */
		"twice(int x)\n"                         /* 4 */
		"{\n"                                    /* 5 */
		"\treturn 2 * x;\n"                      /* 6 */
		"}\n"                                    /* 7 */
		"\n"                                     /* 8 */
		"int main(void)\n"                       /* 9 */
		"{\n"                                    /* 10 */
		"\treturn twice(1);\n"                   /* 11 */
		"}\n");                                  /* 12 */

	assert_int_equal(file->functions.count, 2);
	const struct function_def *twice = function_at(file, 0), *main_function = function_at(file, 1);
	assert_string_equal(twice->name, "twice");
	assert_true(twice->is_static);
	assert_int_equal(twice->first_line, 3);
	assert_int_equal(twice->open_line, 5);
	assert_int_equal(twice->close_line, 7);
	assert_string_equal(main_function->name, "main");
	assert_false(main_function->is_static);
	assert_int_equal(main_function->first_line, 9);
	assert_string_equal(session_messages(session), "");
	session_free(session);
}

static void
reads_a_declarator_spread_over_lines(void **state)
{
	(void)state;
	struct session *session = session_new();
	struct parsed_file *file = session_add(session, "a.c", 1,
		"/* a comment, (with parentheses) */\n"
		"static __attribute__((unused)) const char *\n"
		"describe(int first,\n"
		"         int (*second)(void))\n"
		"{\n"
		"\treturn 0;\n"
		"}\n");

	assert_int_equal(file->functions.count, 1);
	assert_string_equal(function_at(file, 0)->name, "describe");
	assert_true(function_at(file, 0)->is_static);
	assert_int_equal(function_at(file, 0)->first_line, 2);
	session_free(session);
}

static void
ignores_structs_initializers_and_commented_braces(void **state)
{
	(void)state;
	struct session *session = session_new();
	struct parsed_file *file = session_add(session, "a.c", 1,
		"struct point\n"
		"{\n"
		"\tint x;\n"
		"};\n"
		"\n"
		"static const int table[] =\n"
		"{\n"
		"\t1, 2,\n"
		"};\n"
		"\n"
		"static const struct option options[] = OPTION_TABLE(listen)\n"
		"{\n"
		"\t{0},\n"
		"}\n"
		"\n"
		"/* an example in a comment:\n"
		"int fake(void)\n"
		"{\n"
		"}\n"
		"*/\n");

	assert_int_equal(file->functions.count, 0);
	assert_string_equal(session_messages(session), "");
	session_free(session);
}

static void
finds_the_enclosing_function_of_a_line(void **state)
{
	(void)state;
	struct session *session = session_new();
	struct parsed_file *file = session_add(session, "a.c", 1,
		"static void\n"    /* 1 */
		"first(void)\n"    /* 2 */
		"{\n"              /* 3 */
		"}\n"              /* 4 */
		"\n"               /* 5 */
		"void\n"           /* 6 */
		"second(void)\n"   /* 7 */
		"{\n"              /* 8 */
		"\tfirst();\n"     /* 9 */
		"}\n");            /* 10 */

	assert_string_equal(function_enclosing(&file->functions, 2)->name, "first");
	assert_string_equal(function_enclosing(&file->functions, 9)->name, "second");
	assert_string_equal(function_enclosing(&file->functions, 6)->name, "second");
	assert_null(function_enclosing(&file->functions, 5));
	session_free(session);
}

static void
reads_the_trace_point_that_starts_a_body(void **state)
{
	(void)state;
	struct session *session = session_new();
	struct parsed_file *file = session_add(session, "a.c", 1,
		"int\n"
		"serve_forever(void)\n"
		"{\n"
		"\t/* the trace point comes first */\n"
		"\tSS_TRACE(\"BaseServer\", \"serve_forever\");\n"
		"\treturn 0;\n"
		"}\n"
		"\n"
		"int\n"
		"helper(void)\n"
		"{\n"
		"\treturn getenv(\"SS_TRACE\") != NULL || strcmp(\"SS_TRACE(\", \"\\\"\") == 0;\n"
		"}\n");

	assert_string_equal(function_at(file, 0)->trace_class, "BaseServer");
	assert_string_equal(function_at(file, 0)->trace_method, "serve_forever");
	assert_null(function_at(file, 1)->trace_class);
	assert_string_equal(session_messages(session), "");
	session_free(session);
}

static void
reports_a_trace_point_that_is_not_two_literals(void **state)
{
	(void)state;
	struct session *session = session_new();
	session_add(session, "a.c", 1,
		"int\n"
		"serve(struct server *self)\n"
		"{\n"
		"\tSS_TRACE(self->name, \"serve\");\n"
		"\treturn 0;\n"
		"}\n");

	assert_contains(session_messages(session), "a.c:4: write the trace point of serve as SS_TRACE(");
	session_free(session);
}

static void
reports_a_trace_point_that_is_not_first(void **state)
{
	(void)state;
	struct session *session = session_new();
	session_add(session, "a.c", 1,
		"int\n"
		"serve(void)\n"
		"{\n"
		"\tint x = 1;\n"
		"\tSS_TRACE(\"BaseServer\", \"serve\");\n"
		"\treturn x;\n"
		"}\n");

	assert_contains(session_messages(session), "a.c:5: SS_TRACE in serve is not the first statement");
	session_free(session);
}

/* chapters/03-base-server/trace.c: the word in a comment and in a string
 * literal, neither first in the body, is no trace point and no problem. */
static void
takes_no_word_in_a_comment_or_a_string_for_a_trace_point(void **state)
{
	(void)state;
	struct session *session = session_new();
	struct parsed_file *file = session_add(session, "trace.c", 3,
		"int\n"
		"ss_trace_enabled(void)\n"
		"{\n"
		"\tint state = atomic_load_explicit(&enabled, memory_order_relaxed);\n"
		"\n"
		"\tif (state < 0) { /* first call: read SS_TRACE (racing threads agree) */\n"
		"\t\tconst char *value = getenv(\"SS_TRACE\");\n"
		"\t\tstate = value != NULL;\n"
		"\t}\n"
		"\treturn state;\n"
		"}\n"
		"\n"
		"int\n"
		"commented(void)\n"
		"{\n"
		"\t/* SS_TRACE(\"Old\", \"commented\"); */\n"
		"\treturn getenv(\"SS_TRACE\") != NULL; // SS_TRACE(\"Old\", \"line\");\n"
		"}\n");

	assert_int_equal(file->functions.count, 2);
	assert_null(function_at(file, 0)->trace_class);
	assert_null(function_at(file, 1)->trace_class);
	assert_string_equal(session_messages(session), "");
	session_free(session);
}

/* Only SS_TRACE( followed by a string literal is a trace point: the bare word
 * (a preprocessor test, a macro name passed on) is none, first or not. */
static void
takes_only_ss_trace_with_a_literal_for_a_trace_point(void **state)
{
	(void)state;
	struct session *session = session_new();
	struct parsed_file *file = session_add(session, "a.c", 1,
		"int\n"
		"configured(void)\n"
		"{\n"
		"#ifdef SS_TRACE\n"
		"\treturn 1;\n"
		"#endif\n"
		"\treturn 0;\n"
		"}\n"
		"\n"
		"int\n"
		"named(void)\n"
		"{\n"
		"\tSS_TRACE_ENABLED = 1;\n"
		"\treturn describe(SS_TRACE, \"x\");\n"
		"}\n"
		"\n"
		"int\n"
		"late(void)\n"
		"{\n"
		"\tint x = 1;\n"
		"\tSS_TRACE (\n"
		"\t\t\"BaseServer\", \"late\");\n"
		"\treturn x;\n"
		"}\n");

	assert_int_equal(file->functions.count, 3);
	assert_null(function_at(file, 0)->trace_class);
	assert_null(function_at(file, 1)->trace_class);
	assert_string_equal(session_messages(session),
		"a.c:21: SS_TRACE in late is not the first statement of its body, so it cannot "
		"name the function's diagram node\n");
	session_free(session);
}

static void
reports_a_function_without_its_closing_brace(void **state)
{
	(void)state;
	struct session *session = session_new();
	struct parsed_file *file = session_add(session, "a.c", 1,
		"int\n"
		"broken(void)\n"
		"{\n"
		"\treturn 0;\n"
		"  }\n");

	assert_int_equal(file->functions.count, 0);
	assert_contains(session_messages(session), "a.c:3: function broken has no closing '}' alone in column 0");
	session_free(session);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_static_and_exported_definitions),
		cmocka_unit_test(reads_a_declarator_spread_over_lines),
		cmocka_unit_test(ignores_structs_initializers_and_commented_braces),
		cmocka_unit_test(finds_the_enclosing_function_of_a_line),
		cmocka_unit_test(reads_the_trace_point_that_starts_a_body),
		cmocka_unit_test(reports_a_trace_point_that_is_not_two_literals),
		cmocka_unit_test(reports_a_trace_point_that_is_not_first),
		cmocka_unit_test(takes_no_word_in_a_comment_or_a_string_for_a_trace_point),
		cmocka_unit_test(takes_only_ss_trace_with_a_literal_for_a_trace_point),
		cmocka_unit_test(reports_a_function_without_its_closing_brace),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
