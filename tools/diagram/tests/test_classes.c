/* class tables, the model's classes, their MRO and the names of method nodes. */
#include "fixture.h"

#include "class_tables.h"
#include "model.h"

/* Chapter 1: BaseServer; chapter 2: TCPServer and UDPServer over it, a
 * ThreadingMixIn and ThreadingTCPServer composed from it and TCPServer. */
static const char base_server_c[] =
	"int\n"
	"base_serve_forever(void)\n"
	"{\n"
	"\tSS_TRACE(\"BaseServer\", \"serve_forever\");\n"
	"\treturn 0;\n"
	"}\n"
	"\n"
	"int\n"
	"base_process_request(void)\n"
	"{\n"
	"\treturn 0;\n"
	"}\n"
	"\n"
	"const ss_server_class ss_base_server = {\n"
	"\t.name = \"BaseServer\",\n"
	"\t.serve_forever = base_serve_forever,\n"
	"\t.process_request = base_process_request,\n"
	"\t.timeout = -1,\n"
	"\t.label = \"a, b }\",\n"
	"};\n";

static const char tcp_server_c[] =
	"static int\n"
	"tcp_server_bind(void)\n"
	"{\n"
	"\treturn 0;\n"
	"}\n"
	"\n"
	"int\n"
	"threading_process_request(void)\n"
	"{\n"
	"\treturn 0;\n"
	"}\n"
	"\n"
	"const ss_server_class ss_tcp_server = {\n"
	"\t.name = \"TCPServer\",\n"
	"\t.base = &ss_base_server,\n"
	"\t.server_bind = tcp_server_bind,\n"
	"\t.request_queue_size = 5,\n"
	"\t.allow_reuse_address = false,\n"
	"};\n"
	"\n"
	"static const ss_server_class ss_udp_server = { .name = \"UDPServer\", .base = &ss_tcp_server,\n"
	"                                               .max_packet_size = 8192 };\n"
	"\n"
	"const ss_mixin_class ss_threading_mixin = {\n"
	"\t.name = \"ThreadingMixIn\",\n"
	"\t.base = NULL,\n"
	"\t.process_request = threading_process_request,\n"
	"};\n"
	"\n"
	"/*@class ThreadingTCPServer : ThreadingMixIn, TCPServer */\n";

static struct class_info *
class_named(const struct model *model, const char *name)
{
	struct class_info *found = model_find_class(model, name);
	if (found == NULL)
		fail_msg("no class %s", name);
	return found;
}

static void
assert_mro(const struct class_info *class_info, const char *const *expected, size_t count)
{
	assert_int_equal(class_info->mro.count, count);
	for (size_t i = 0; i < count; i++)
		assert_string_equal(((const struct class_info *)class_info->mro.items[i])->name, expected[i]);
}

/* The model of chapter's library sources; 0 or -1. */
static int
build(struct session *session, struct model *model, int chapter)
{
	return model_build(&session->arena, model, &session->codebase, chapter, NULL, &session->problems);
}

static struct session *
two_chapters(struct model *model, int visible_chapter)
{
	struct session *session = session_new();
	session_add(session, "ch1/base.c", 1, base_server_c);
	session_add(session, "ch2/tcp.c", 2, tcp_server_c);
	assert_int_equal(build(session, model, visible_chapter), 0);
	assert_string_equal(session_messages(session), "");
	return session;
}

static void
reads_the_fields_of_a_class_table(void **state)
{
	(void)state;
	struct session *session = session_new();
	struct parsed_file *file = session_add(session, "base.c", 1, base_server_c);
	assert_string_equal(session_messages(session), "");
	assert_int_equal(file->class_tables.count, 1);
	const struct class_table *table = file->class_tables.items[0];
	assert_string_equal(table->symbol, "ss_base_server");
	assert_string_equal(table->name, "BaseServer");
	assert_null(table->base_symbol);
	assert_false(table->is_static);
	assert_int_equal(table->line, 14);
	assert_int_equal(table->fields.count, 4);
	const struct table_field *timeout = table->fields.items[2], *label = table->fields.items[3];
	assert_string_equal(timeout->field, "timeout");
	assert_string_equal(timeout->value, "-1");
	assert_int_equal(timeout->line, 18);
	assert_string_equal(label->value, "\"a, b }\"");
	session_free(session);
}

static void
reads_static_and_one_line_tables(void **state)
{
	(void)state;
	struct session *session = session_new();
	struct parsed_file *file = session_add(session, "tcp.c", 2, tcp_server_c);
	assert_int_equal(file->class_tables.count, 3);
	const struct class_table *udp = file->class_tables.items[1];
	assert_string_equal(udp->name, "UDPServer");
	assert_string_equal(udp->base_symbol, "ss_tcp_server");
	assert_true(udp->is_static);
	assert_int_equal(udp->fields.count, 1);
	assert_string_equal(((const struct table_field *)udp->fields.items[0])->value, "8192");
	session_free(session);
}

static void
expect_table_problem(const char *text, const char *expected)
{
	struct session *session = session_new();
	struct parsed_file *file = session_add(session, "t.c", 1, text);
	assert_int_equal(file->class_tables.count, 0);
	assert_contains(session_messages(session), expected);
	session_free(session);
}

static void
reports_malformed_tables(void **state)
{
	(void)state;
	expect_table_problem("const ss_server_class x = {\n\t.timeout = 5,\n};\n",
	                     "t.c:1: class table x has no .name");
	expect_table_problem("const ss_server_class x = {\n\t.name = \"X\",\n\t5,\n};\n",
	                     "t.c:3: class table x: write every field as .field = value");
	expect_table_problem("const ss_server_class x = {\n\t.name = X,\n};\n",
	                     "t.c:2: class table x: .name must be a string literal");
	expect_table_problem("const ss_server_class x = {\n\t.name = \"X\",\n\t.base = ss_base,\n};\n",
	                     "t.c:3: class table x: .base must be &SYMBOL");
	expect_table_problem("const ss_server_class x = {\n\t.name = \"X\"\n",
	                     "t.c:2: class table x: expected ',' or '}' after .name");
	expect_table_problem("const ss_server_class x = {\n\t.name = \"X\",\n}\nint y;\n",
	                     "t.c:1: class table x does not end with '};'");
}

static void
tells_methods_from_attributes(void **state)
{
	(void)state;
	struct model model;
	struct session *session = two_chapters(&model, 2);
	const struct class_info *base = class_named(&model, "BaseServer");
	assert_int_equal(base->methods.count, 2);
	assert_non_null(class_own_method(base, "serve_forever"));
	assert_non_null(class_own_method(base, "process_request"));
	assert_null(class_own_method(base, "timeout"));
	assert_int_equal(base->attributes.count, 2);
	const struct class_info *tcp = class_named(&model, "TCPServer");
	assert_null(class_own_method(tcp, "serve_forever")); /* inherited, not its own */
	assert_int_equal(tcp->attributes.count, 2);
	session_free(session);
}

static void
orders_table_classes_after_their_bases(void **state)
{
	(void)state;
	struct model model;
	struct session *session = two_chapters(&model, 2);
	const char *const udp[] = {"UDPServer", "TCPServer", "BaseServer"};
	assert_mro(class_named(&model, "UDPServer"), udp, 3);
	const char *const base[] = {"BaseServer"};
	assert_mro(class_named(&model, "BaseServer"), base, 1);
	session_free(session);
}

static void
puts_a_mixin_first_in_a_composed_class(void **state)
{
	(void)state;
	struct model model;
	struct session *session = two_chapters(&model, 2);
	const char *const threading[] = {"ThreadingTCPServer", "ThreadingMixIn", "TCPServer", "BaseServer"};
	const struct class_info *composed = class_named(&model, "ThreadingTCPServer");
	assert_mro(composed, threading, 4);
	assert_null(composed->table);
	assert_int_equal(composed->bases.count, 2);
	session_free(session);
}

/* The documented simplification: a mix-in with a base lists that base before
 * the second base's own classes (Python's C3 would not). */
static void
lists_each_class_once_when_bases_share_one(void **state)
{
	(void)state;
	struct session *session = session_new();
	session_add(session, "a.c", 1,
		"const ss_server_class ss_base = { .name = \"Base\" };\n"
		"const ss_server_class ss_mixin = { .name = \"MixIn\", .base = &ss_base };\n"
		"const ss_server_class ss_server = { .name = \"Server\", .base = &ss_base };\n"
		"/*@class Both : MixIn, Server */\n");
	struct model model;
	assert_int_equal(build(session, &model, 1), 0);
	const char *const both[] = {"Both", "MixIn", "Base", "Server"};
	assert_mro(class_named(&model, "Both"), both, 4);
	session_free(session);
}

static void
sees_only_the_chapters_up_to_its_own(void **state)
{
	(void)state;
	struct model model;
	struct session *session = two_chapters(&model, 1);
	assert_int_equal(model.classes.count, 1);
	assert_null(model_find_class(&model, "TCPServer"));
	assert_null(model_find_function(&model, "tcp_server_bind", NULL));
	session_free(session);
}

static void
names_method_nodes_after_trace_points_and_tables(void **state)
{
	(void)state;
	struct model model;
	struct session *session = two_chapters(&model, 2);
	const struct model_function *traced = model_find_function(&model, "base_serve_forever", NULL);
	const struct model_function *slot = model_find_function(&model, "tcp_server_bind", NULL);
	assert_string_equal(traced->node, "BaseServer.serve_forever");
	assert_string_equal(traced->class_name, "BaseServer");
	assert_string_equal(slot->node, "TCPServer.server_bind");
	assert_string_equal(model_find_function(&model, "threading_process_request", NULL)->node,
	                    "ThreadingMixIn.process_request");
	session_free(session);

	/* a function that no trace point or table names keeps its C name */
	session = session_new();
	session_add(session, "a.c", 1, "int\nplain(void)\n{\n\treturn 0;\n}\n");
	assert_int_equal(build(session, &model, 1), 0);
	const struct model_function *plain = model_find_function(&model, "plain", NULL);
	assert_string_equal(plain->node, "plain");
	assert_null(plain->class_name);
	session_free(session);
}

static void
keeps_the_python_name_of_a_traced_slot(void **state)
{
	(void)state;
	struct session *session = session_new();
	session_add(session, "a.c", 1,
		"int\ninit(void)\n{\n\tSS_TRACE(\"BaseServer\", \"__init__\");\n\treturn 0;\n}\n"
		"const ss_server_class ss_base = { .name = \"BaseServer\", .init = init };\n");
	struct model model;
	assert_int_equal(build(session, &model, 1), 0);
	assert_string_equal(session_messages(session), "");
	const struct method_def *method = class_own_method(class_named(&model, "BaseServer"), "init");
	assert_non_null(method);
	assert_string_equal(method->function->node, "BaseServer.__init__");
	session_free(session);
}

/* Every program links with the library alone: classes and functions of
 * other programs are not there. */
static void
gives_each_program_its_own_classes_and_functions(void **state)
{
	(void)state;
	static const char program[] =
		"static int\necho_handle(void)\n{\n\treturn 0;\n}\n"
		"const ss_handler_class echo = { .name = \"EchoHandler\", .handle = echo_handle };\n"
		"int\nmain(void)\n{\n\treturn 0;\n}\n";
	struct session *session = session_new();
	session_add(session, "ch1/library.c", 1, "const ss_handler_class ss_base = { .name = \"Base\" };\n");
	struct parsed_file *one = session_add(session, "ch1/programs/one.c", 1, program);
	struct parsed_file *two = session_add(session, "ch2/programs/two.c", 2, program);
	struct model library, of_one, of_two;
	assert_true(one->source->is_program);
	assert_int_equal(build(session, &library, 2), 0);
	assert_int_equal(model_build(&session->arena, &of_one, &session->codebase, 1, one->source,
	                             &session->problems), 0);
	assert_int_equal(model_build(&session->arena, &of_two, &session->codebase, 2, two->source,
	                             &session->problems), 0);
	assert_string_equal(session_messages(session), "");

	assert_int_equal(library.classes.count, 1);
	assert_null(model_find_function(&library, "main", NULL));
	assert_int_equal(of_one.classes.count, 2);
	assert_ptr_equal(model_find_function(&of_one, "main", NULL)->def->file, one->source);
	assert_ptr_equal(class_named(&of_two, "EchoHandler")->file, two->source);
	session_free(session);
}

static void
expect_model_problem(const char *text, const char *expected)
{
	struct session *session = session_new();
	session_add(session, "m.c", 1, text);
	struct model model;
	assert_int_equal(build(session, &model, 1), -1);
	assert_contains(session_messages(session), expected);
	session_free(session);
}

static void
reports_class_problems(void **state)
{
	(void)state;
	expect_model_problem(
		"int\nserve(void)\n{\n\tSS_TRACE(\"BaseServer\", \"serve\");\n\treturn 0;\n}\n"
		"const ss_server_class ss_tcp = {\n\t.name = \"TCPServer\",\n\t.serve_forever = serve,\n};\n",
		"m.c:9: TCPServer.serve_forever is implemented by serve, but its SS_TRACE names it "
		"BaseServer.serve: a function is a method of one class");
	expect_model_problem(
		"int\nbind_it(void)\n{\n\treturn 0;\n}\n"
		"const ss_server_class ss_a = {\n\t.name = \"A\",\n\t.bind = bind_it,\n};\n"
		"const ss_server_class ss_b = {\n\t.name = \"B\",\n\t.bind = bind_it,\n};\n",
		"m.c:12: B.bind is implemented by bind_it, but another class table names it A.bind");
	expect_model_problem("const ss_server_class ss_a = { .name = \"A\", .base = &ss_nowhere };\n",
	                     "m.c:1: class A: its .base &ss_nowhere is no class table of chapters 1..1");
	expect_model_problem("/*@class C : A, Missing */\nconst ss_server_class ss_a = { .name = \"A\" };\n",
	                     "m.c:1: class C: no class Missing in chapters 1..1");
	expect_model_problem("const ss_server_class ss_a = { .name = \"A\" };\n"
	                     "const ss_server_class ss_b = { .name = \"A\" };\n",
	                     "m.c:2: class A is already defined at m.c:1");
	expect_model_problem("const ss_server_class ss_a = { .name = \"A\", .base = &ss_b };\n"
	                     "const ss_server_class ss_b = { .name = \"B\", .base = &ss_a };\n",
	                     "inherits from itself");
	expect_model_problem(
		"void\none(void)\n{\n\tSS_TRACE(\"A\", \"run\");\n}\n"
		"void\ntwo(void)\n{\n\tSS_TRACE(\"A\", \"run\");\n}\n",
		"m.c:8: two and one (m.c:3) are both the method A.run");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_the_fields_of_a_class_table),
		cmocka_unit_test(reads_static_and_one_line_tables),
		cmocka_unit_test(reports_malformed_tables),
		cmocka_unit_test(tells_methods_from_attributes),
		cmocka_unit_test(orders_table_classes_after_their_bases),
		cmocka_unit_test(puts_a_mixin_first_in_a_composed_class),
		cmocka_unit_test(lists_each_class_once_when_bases_share_one),
		cmocka_unit_test(sees_only_the_chapters_up_to_its_own),
		cmocka_unit_test(names_method_nodes_after_trace_points_and_tables),
		cmocka_unit_test(keeps_the_python_name_of_a_traced_slot),
		cmocka_unit_test(gives_each_program_its_own_classes_and_functions),
		cmocka_unit_test(reports_class_problems),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
