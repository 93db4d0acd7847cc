/* call_flow: the walk from a root, and how callees resolve. */
#include "fixture.h"

#include "call_flow.h"
#include "model.h"

static const char base_server_c[] =
	"int\n"
	"base_serve_forever(void)\n"
	"{\n"
	"\tSS_TRACE(\"BaseServer\", \"serve_forever\");\n"
	"\t/*@ -> self.handle_request [if ready] */\n"
	"\t/*@ -> select */\n"
	"\treturn 0;\n"
	"}\n"
	"\n"
	"int\n"
	"base_handle_request(void)\n"
	"{\n"
	"\tSS_TRACE(\"BaseServer\", \"handle_request\");\n"
	"\t/*@ -> self.get_request */\n"
	"\t/*@ -> self.process_request */\n"
	"\treturn 0;\n"
	"}\n"
	"\n"
	"int\n"
	"base_process_request(void)\n"
	"{\n"
	"\tSS_TRACE(\"BaseServer\", \"process_request\");\n"
	"\t/*@ -> self.finish_request */\n"
	"\treturn 0;\n"
	"}\n"
	"\n"
	"int\n"
	"base_finish_request(void)\n"
	"{\n"
	"\tSS_TRACE(\"BaseServer\", \"finish_request\");\n"
	"\t/*@ -> new_handler */\n"
	"\treturn 0;\n"
	"}\n"
	"\n"
	"int\n"
	"new_handler(void)\n"
	"{\n"
	"\t/*@ -> self.handle */\n"
	"\treturn 0;\n"
	"}\n"
	"\n"
	"int\n"
	"base_handle(void)\n"
	"{\n"
	"\tSS_TRACE(\"BaseRequestHandler\", \"handle\");\n"
	"\treturn 0;\n"
	"}\n"
	"\n"
	"const ss_server_class ss_base_server = {\n"
	"\t.name = \"BaseServer\",\n"
	"\t.serve_forever = base_serve_forever,\n"
	"\t.handle_request = base_handle_request,\n"
	"\t.process_request = base_process_request,\n"
	"\t.finish_request = base_finish_request,\n"
	"};\n"
	"\n"
	"const ss_handler_class ss_base_request_handler = {\n"
	"\t.name = \"BaseRequestHandler\",\n"
	"\t.handle = base_handle,\n"
	"};\n";

static const char tcp_server_c[] =
	"int\n"
	"tcp_get_request(void)\n"
	"{\n"
	"\tSS_TRACE(\"TCPServer\", \"get_request\");\n"
	"\t/*@ -> accept */\n"
	"\treturn 0;\n"
	"}\n"
	"\n"
	"const ss_server_class ss_tcp_server = {\n"
	"\t.name = \"TCPServer\",\n"
	"\t.base = &ss_base_server,\n"
	"\t.get_request = tcp_get_request,\n"
	"};\n"
	"\n"
	"/*@diagram tcp root=base_serve_forever server=TCPServer handler=EchoHandler \"TCP\" */\n"
	"/*@diagram unknown-method root=base_serve_forever server=TCPServer \"no handler\" */\n";

static const char echo_c[] =
	"static int\n"
	"echo_handle(void)\n"
	"{\n"
	"\t/*@ -> recv */\n"
	"\treturn 0;\n"
	"}\n"
	"\n"
	"static const ss_handler_class echo = {\n"
	"\t.name = \"EchoHandler\",\n"
	"\t.base = &ss_base_request_handler,\n"
	"\t.handle = echo_handle,\n"
	"};\n";

static const char threading_c[] =
	"int\n"
	"threading_process_request(void)\n"
	"{\n"
	"\tSS_TRACE(\"ThreadingMixIn\", \"process_request\");\n"
	"\t/*@ ~> process_request_thread [new thread] */\n"
	"\treturn 0;\n"
	"}\n"
	"\n"
	"static int\n"
	"process_request_thread(void)\n"
	"{\n"
	"\tSS_TRACE(\"ThreadingMixIn\", \"process_request_thread\");\n"
	"\t/*@ -> super.finish_request */\n"
	"\treturn 0;\n"
	"}\n"
	"\n"
	"const ss_mixin_class ss_threading_mixin = {\n"
	"\t.name = \"ThreadingMixIn\",\n"
	"\t.process_request = threading_process_request,\n"
	"};\n"
	"\n"
	"/*@class ThreadingTCPServer : ThreadingMixIn, TCPServer */\n"
	"/*@diagram threading root=base_serve_forever server=ThreadingTCPServer handler=EchoHandler \"T\" */\n";

static struct session *
server_chapters(void)
{
	struct session *session = session_new();
	session_add(session, "ch3/base_server.c", 3, base_server_c);
	session_add(session, "ch4/tcp_server.c", 4, tcp_server_c);
	session_add(session, "ch4/echo.c", 4, echo_c);
	session_add(session, "ch5/threading.c", 5, threading_c);
	assert_string_equal(session_messages(session), "");
	return session;
}

static const struct diagram_declaration *
declaration_named(struct session *session, const char *name)
{
	for (size_t i = 0; i < session->codebase.files.count; i++) {
		const struct parsed_file *file = session->codebase.files.items[i];
		for (size_t j = 0; j < file->annotations.diagrams.count; j++) {
			const struct diagram_declaration *declaration = file->annotations.diagrams.items[j];
			if (strcmp(declaration->name, name) == 0)
				return declaration;
		}
	}
	fail_msg("no diagram %s", name);
	return NULL;
}

/* The walk's edges, one "A -> B [label]" a line (~> when it starts elsewhere);
 * NULL when the walk reports a problem. */
static const char *
walk(struct session *session, const struct diagram_declaration *declaration, struct call_flow *flow)
{
	struct model model;
	const struct source_file *program = declaration->file->is_program ? declaration->file : NULL;
	if (model_build(&session->arena, &model, &session->codebase, declaration->file->chapter, program,
	                &session->problems) != 0)
		return NULL;
	if (call_flow_build(&session->arena, &model, declaration, flow, &session->problems) != 0)
		return NULL;
	struct text_buffer text = {0};
	for (size_t i = 0; i < flow->edges.count; i++) {
		const struct flow_edge *edge = flow->edges.items[i];
		text_printf(&session->arena, &text, "%s %s %s", edge->from,
		            edge->starts_elsewhere ? "~>" : "->", edge->to);
		if (edge->label != NULL)
			text_printf(&session->arena, &text, " [%s]", edge->label);
		text_append(&session->arena, &text, "\n");
	}
	return text_get(&text);
}

static const char *
walk_named(struct session *session, const char *name)
{
	struct call_flow flow;
	return walk(session, declaration_named(session, name), &flow);
}

static void
resolves_self_in_the_concrete_server_and_handler(void **state)
{
	(void)state;
	struct session *session = server_chapters();
	const char *edges = walk_named(session, "tcp");
	assert_string_equal(session_messages(session), "");
	assert_string_equal(edges,
		"BaseServer.serve_forever -> BaseServer.handle_request [if ready]\n"
		"BaseServer.handle_request -> TCPServer.get_request\n"
		"TCPServer.get_request -> accept\n"
		"BaseServer.handle_request -> BaseServer.process_request\n"
		"BaseServer.process_request -> BaseServer.finish_request\n"
		"BaseServer.finish_request -> new_handler\n"
		"new_handler -> EchoHandler.handle\n"
		"EchoHandler.handle -> recv\n"
		"BaseServer.serve_forever -> select\n");
	session_free(session);
}

static void
resolves_self_and_super_through_a_composed_class(void **state)
{
	(void)state;
	struct session *session = server_chapters();
	const char *edges = walk_named(session, "threading");
	assert_string_equal(session_messages(session), "");
	assert_contains(edges, "BaseServer.handle_request -> ThreadingMixIn.process_request\n");
	assert_contains(edges, "ThreadingMixIn.process_request ~> ThreadingMixIn.process_request_thread [new thread]\n");
	assert_contains(edges, "ThreadingMixIn.process_request_thread -> BaseServer.finish_request\n");
	assert_lacks(edges, "BaseServer.process_request");
	session_free(session);
}

static void
gives_each_node_its_kind(void **state)
{
	(void)state;
	struct session *session = server_chapters();
	struct call_flow flow;
	assert_non_null(walk(session, declaration_named(session, "tcp"), &flow));
	const struct flow_node *root = flow.nodes.items[0];
	assert_string_equal(root->id, "BaseServer.serve_forever");
	assert_int_equal(root->kind, NODE_METHOD);
	for (size_t i = 0; i < flow.nodes.count; i++) {
		const struct flow_node *node = flow.nodes.items[i];
		if (strcmp(node->id, "new_handler") == 0)
			assert_int_equal(node->kind, NODE_FUNCTION);
		if (strcmp(node->id, "accept") == 0)
			assert_int_equal(node->kind, NODE_SYSTEM_CALL);
		if (strcmp(node->id, "TCPServer.get_request") == 0)
			assert_int_equal(node->kind, NODE_METHOD);
		/* named by its class table, without a trace point: untraced */
		if (strcmp(node->id, "EchoHandler.handle") == 0)
			assert_int_equal(node->kind, NODE_UNTRACED_METHOD);
	}
	session_free(session);
}

static void
reports_a_method_no_class_defines(void **state)
{
	(void)state;
	struct session *session = server_chapters();
	/* without handler=, new_handler's self.handle has nowhere to go */
	assert_null(walk_named(session, "unknown-method"));
	assert_contains(session_messages(session),
	                "ch3/base_server.c:38: self.handle: new_handler is no method, and no server= or "
	                "handler= class of diagram unknown-method has this method");
	session_free(session);
}

static void
expect_walk_problem(const char *source, const char *expected)
{
	struct session *session = session_new();
	session_add(session, "ch3/base_server.c", 3, base_server_c);
	session_add(session, "ch4/tcp_server.c", 4, tcp_server_c);
	session_add(session, "ch4/echo.c", 4, echo_c);
	session_add(session, "ch4/x.c", 4, source);
	assert_null(walk_named(session, "x"));
	assert_contains(session_messages(session), expected);
	session_free(session);
}

static void
reports_unresolvable_self_and_super(void **state)
{
	(void)state;
	expect_walk_problem(
		"int\nx_get(void)\n{\n\tSS_TRACE(\"TCPServer\", \"x_get\");\n\t/*@ -> self.nowhere */\n}\n"
		"/*@diagram x root=x_get server=TCPServer \"x\" */\n",
		"ch4/x.c:5: self.nowhere: no class in the MRO of TCPServer defines it (TCPServer, BaseServer)");
	expect_walk_problem(
		"int\nx_get(void)\n{\n\tSS_TRACE(\"TCPServer\", \"x_get\");\n\t/*@ -> super.get_request */\n}\n"
		"/*@diagram x root=x_get server=TCPServer \"x\" */\n",
		"ch4/x.c:5: super.get_request: no class after TCPServer in the MRO of TCPServer defines it");
	expect_walk_problem(
		"int\nplain(void)\n{\n\t/*@ -> super.handle */\n}\n"
		"/*@diagram x root=plain server=TCPServer \"x\" */\n",
		"ch4/x.c:4: super.handle: plain is no method of a class, so it has no super");
	expect_walk_problem(
		"int\nh(void)\n{\n\tSS_TRACE(\"EchoHandler\", \"h\");\n\t/*@ -> self.handle */\n}\n"
		"/*@diagram x root=h server=TCPServer \"x\" */\n",
		"ch4/x.c:5: self.handle: diagram x has no server= or handler= class with EchoHandler in its MRO");
	expect_walk_problem("/*@diagram x root=nowhere \"x\" */\n",
	                    "ch4/x.c:1: diagram x: root function nowhere is not defined in chapters 1..4");
	expect_walk_problem("int\nr(void)\n{\n}\n/*@diagram x root=r server=Nobody \"x\" */\n",
	                    "ch4/x.c:5: diagram x: server=Nobody is no class of chapters 1..4");
}

static const char log_x_c[] =
	"static void\nlog_it(void)\n{\n\t/*@ -> write_x */\n}\n\n"
	"void\nrun_x(void)\n{\n\t/*@ -> log_it */\n}\n";
static const char log_y_c[] =
	"static void\nlog_it(void)\n{\n\t/*@ -> write_y */\n}\n\n"
	"void\nrun_y(void)\n{\n\t/*@ -> log_it */\n\t/*@ -> shared */\n}\n";
static const char shared_c[] =
	"static void\nshared(void)\n{\n\t/*@ -> static_copy */\n}\n";
static const char exported_c[] =
	"void\nshared(void)\n{\n\t/*@ -> exported_copy */\n}\n"
	"/*@diagram y root=run_y \"y\" */\n"
	"/*@diagram both root=main \"both\" */\n"
	"int\nmain(void)\n{\n\t/*@ -> run_x */\n\t/*@ -> run_y */\n}\n";

static struct session *
logging_files(void)
{
	struct session *session = session_new();
	session_add(session, "ch1/log_x.c", 1, log_x_c);
	session_add(session, "ch1/log_y.c", 1, log_y_c);
	session_add(session, "ch1/shared.c", 1, shared_c);
	session_add(session, "ch1/main.c", 1, exported_c);
	return session;
}

static void
prefers_a_static_function_of_the_callers_file(void **state)
{
	(void)state;
	struct session *session = logging_files();
	const char *edges = walk_named(session, "y");
	assert_string_equal(edges,
		"run_y -> log_it\n"
		"log_it -> write_y\n"
		"run_y -> shared\n"
		"shared -> exported_copy\n");
	session_free(session);
}

static void
reports_two_functions_of_one_name_in_a_diagram(void **state)
{
	(void)state;
	struct session *session = logging_files();
	assert_null(walk_named(session, "both"));
	assert_contains(session_messages(session),
	                "ch1/main.c:7: diagram both reaches two functions named log_it "
	                "(ch1/log_x.c:3 and ch1/log_y.c:3): rename one");
	session_free(session);
}

static void
enters_each_function_once_and_draws_each_edge_once(void **state)
{
	(void)state;
	struct session *session = session_new();
	session_add(session, "ch1/a.c", 1,
		"void\nping(void)\n{\n\t/*@ -> pong */\n\t/*@ -> pong */\n\t/*@ -> pong [again] */\n}\n"
		"void\npong(void)\n{\n\t/*@ -> ping [back] */\n\t/*@ -> later */\n}\n"
		"/*@diagram a root=ping \"a\" */\n");
	session_add(session, "ch2/b.c", 2, "void\nlater(void)\n{\n\t/*@ -> never_seen */\n}\n");
	assert_string_equal(walk_named(session, "a"),
		"ping -> pong\n"
		"pong -> ping [back]\n"
		"pong -> later\n"          /* chapter 2's later() is not visible: a leaf */
		"ping -> pong [again]\n");
	session_free(session);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(resolves_self_in_the_concrete_server_and_handler),
		cmocka_unit_test(resolves_self_and_super_through_a_composed_class),
		cmocka_unit_test(gives_each_node_its_kind),
		cmocka_unit_test(reports_a_method_no_class_defines),
		cmocka_unit_test(reports_unresolvable_self_and_super),
		cmocka_unit_test(prefers_a_static_function_of_the_callers_file),
		cmocka_unit_test(reports_two_functions_of_one_name_in_a_diagram),
		cmocka_unit_test(enters_each_function_once_and_draws_each_edge_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
