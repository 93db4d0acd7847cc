/* annotations: every annotation form, and the problems each can have. */
#include "fixture.h"

#include "annotations.h"

static const struct call_annotation *
call_at(const struct parsed_file *file, size_t index)
{
	assert_true(index < file->annotations.calls.count);
	return file->annotations.calls.items[index];
}

static void
reads_every_call_form(void **state)
{
	(void)state;
	struct session *session = session_new();
	struct parsed_file *file = session_add(session, "a.c", 1,
		"void\n"                                                  /* 1 */
		"caller(void)\n"                                          /* 2 */
		"{\n"                                                     /* 3 */
		"\tplain(); /*@ -> plain */\n"                            /* 4 */
		"\t/*@ -> labelled [if ready] */\n"                       /* 5 */
		"\t/*@ ~> worker [new thread] */\n"                       /* 6 */
		"\t/*@ -> self.handle */\n"                               /* 7 */
		"\t/*@->super.setup*/\n"                                  /* 8 */
		"\tx(); /*@ -> first */ y(); /*@ ~> second */\n"          /* 9 */
		"}\n");

	assert_int_equal(file->annotations.calls.count, 7);
	const struct call_annotation *plain = call_at(file, 0);
	assert_int_equal(plain->kind, CALL_FUNCTION);
	assert_string_equal(plain->callee, "plain");
	assert_null(plain->label);
	assert_false(plain->starts_elsewhere);
	assert_int_equal(plain->line, 4);
	assert_string_equal(plain->caller->name, "caller");

	assert_string_equal(call_at(file, 1)->label, "if ready");
	assert_true(call_at(file, 2)->starts_elsewhere);
	assert_string_equal(call_at(file, 2)->label, "new thread");
	assert_int_equal(call_at(file, 3)->kind, CALL_SELF);
	assert_string_equal(call_at(file, 3)->callee, "handle");
	assert_int_equal(call_at(file, 4)->kind, CALL_SUPER);
	assert_string_equal(call_at(file, 4)->callee, "setup");
	assert_string_equal(call_at(file, 5)->callee, "first");
	assert_string_equal(call_at(file, 6)->callee, "second");
	assert_true(call_at(file, 6)->starts_elsewhere);
	assert_int_equal(call_at(file, 6)->line, 9);
	assert_string_equal(session_messages(session), "");
	session_free(session);
}

static void
reads_declarations_and_ignores_other_tools_annotations(void **state)
{
	(void)state;
	struct session *session = session_new();
	struct parsed_file *file = session_add(session, "a.c", 3,
		"/*@diagram 03-flow root=main server=TCPServer handler=EchoHandler \"Chapter 3: \\\"flow\\\"\" */\n"
		"/*@classes classes \"The classes\" */\n"
		"/*@class ThreadingTCPServer : ThreadingMixIn, TCPServer */\n"
		"/*@region loop */\n"
		"/*@end loop */\n"
		"/*@wrap accept poll */\n"
		"static const char *text = \"/*@ not an annotation */\";\n"
		"static const char *quoted = \"say \\\"/*@ -> not_a_call */\\\"\";\n"
		"/* write the call as /*@ -> callee */\n"
		"// or as /*@ -> callee */\n");

	assert_string_equal(session_messages(session), "");
	assert_int_equal(file->annotations.diagrams.count, 2);
	const struct diagram_declaration *flow = file->annotations.diagrams.items[0];
	assert_int_equal(flow->kind, DIAGRAM_CALL_FLOW);
	assert_string_equal(flow->name, "03-flow");
	assert_string_equal(flow->root, "main");
	assert_string_equal(flow->server_class, "TCPServer");
	assert_string_equal(flow->handler_class, "EchoHandler");
	assert_string_equal(flow->title, "Chapter 3: \"flow\"");
	assert_int_equal(flow->line, 1);
	const struct diagram_declaration *classes = file->annotations.diagrams.items[1];
	assert_int_equal(classes->kind, DIAGRAM_CLASSES);
	assert_string_equal(classes->name, "classes");
	assert_string_equal(classes->title, "The classes");

	assert_int_equal(file->annotations.composed_classes.count, 1);
	const struct composed_class *composed = file->annotations.composed_classes.items[0];
	assert_string_equal(composed->name, "ThreadingTCPServer");
	assert_int_equal(composed->bases.count, 2);
	assert_string_equal(composed->bases.items[0], "ThreadingMixIn");
	assert_string_equal(composed->bases.items[1], "TCPServer");
	assert_int_equal(file->annotations.calls.count, 0);
	session_free(session);
}

/* The problem that text raises, as "a.c:LINE: ..." */
static void
expect_problem(const char *text, const char *expected)
{
	struct session *session = session_new();
	session_add(session, "a.c", 1, text);
	assert_contains(session_messages(session), expected);
	session_free(session);
}

static void
reports_a_call_outside_any_function(void **state)
{
	(void)state;
	expect_problem("int x;\n/*@ -> accept */\n", "a.c:2: call annotation outside any function");
}

static void
reports_malformed_calls(void **state)
{
	(void)state;
	const char *function = "void\nf(void)\n{\n%s\n}\n";
	char text[256];
	snprintf(text, sizeof text, function, "/*@ -> */");
	expect_problem(text, "a.c:4: call annotation without a callee");
	snprintf(text, sizeof text, function, "/*@ -> other.method */");
	expect_problem(text, "a.c:4: callee other.method: only self.method and super.method");
	snprintf(text, sizeof text, function, "/*@ -> self. */");
	expect_problem(text, "a.c:4: expected a method name after 'self.'");
	snprintf(text, sizeof text, function, "/*@ -> f [unclosed */");
	expect_problem(text, "a.c:4: label without its closing ']'");
	snprintf(text, sizeof text, function, "/*@ -> f [ ] */");
	expect_problem(text, "a.c:4: empty label");
	snprintf(text, sizeof text, function, "/*@ -> f extra */");
	expect_problem(text, "a.c:4: unexpected text after the callee: 'extra'");
}

static void
reports_malformed_declarations(void **state)
{
	(void)state;
	expect_problem("/*@diagram d root=main */\n", "a.c:1: @diagram d has no \"Title\"");
	expect_problem("/*@diagram d \"Title\" */\n", "a.c:1: @diagram d has no root=FUNCTION");
	expect_problem("\n/*@diagram d root=main colour=red \"T\" */\n", "a.c:2: unknown option colour=");
	expect_problem("/*@diagram d root=a root=b \"T\" */\n", "a.c:1: option root= given twice");
	expect_problem("/*@diagram \"T\" */\n", "a.c:1: @diagram needs a NAME");
	expect_problem("/*@classes c */\n", "a.c:1: @classes c has no \"Title\"");
	expect_problem("/*@classes c root=main \"T\" */\n", "a.c:1: cannot read @classes c from here: 'root=main");
	expect_problem("/*@class Lonely */\n", "a.c:1: write a composed class as @class NAME : BASE, BASE");
	expect_problem("/*@class A : B, */\n", "a.c:1: write a composed class as");
}

static void
reports_unknown_and_unterminated_annotations(void **state)
{
	(void)state;
	expect_problem("/*@diagam d root=main \"T\" */\n", "a.c:1: unknown annotation @diagam");
	expect_problem("\n/*@ => f */\n", "a.c:2: unknown annotation: expected -> or ~>");
	expect_problem("\n\n/*@ -> f\n", "a.c:3: annotation without its closing '*/'");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_every_call_form),
		cmocka_unit_test(reads_declarations_and_ignores_other_tools_annotations),
		cmocka_unit_test(reports_a_call_outside_any_function),
		cmocka_unit_test(reports_malformed_calls),
		cmocka_unit_test(reports_malformed_declarations),
		cmocka_unit_test(reports_unknown_and_unterminated_annotations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
