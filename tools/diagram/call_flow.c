#include "call_flow.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct walk {
	struct arena *arena;
	const struct model *model;
	const struct diagram_declaration *diagram;
	const struct class_info *server, *handler; /* the concrete classes, NULL when not given */
	struct call_flow *flow;
	struct pointer_list visited; /* struct model_function * */
	struct problems *problems;
	int status;
};

static const struct flow_node *
add_node(struct walk *walk, const char *id, const struct model_function *function)
{
	for (size_t i = 0; i < walk->flow->nodes.count; i++) {
		const struct flow_node *node = walk->flow->nodes.items[i];
		if (strcmp(node->id, id) != 0)
			continue;
		/* A call is a leaf only when no function has its name, so only two
		 * functions (static ones of different files) can share an id. */
		if (node->function != NULL && function != NULL && node->function != function) {
			const struct function_def *one = node->function->def, *other = function->def;
			problem_at(walk->problems, walk->diagram->file->path, walk->diagram->line,
			           "diagram %s reaches two functions named %s (%s:%d and %s:%d): rename one",
			           walk->diagram->name, id, one->file->path, one->open_line,
			           other->file->path, other->open_line);
			walk->status = -1;
		}
		return node;
	}
	struct flow_node *node = arena_alloc(walk->arena, sizeof *node);
	enum node_kind kind = function == NULL                   ? NODE_SYSTEM_CALL
	                      : function->class_name == NULL     ? NODE_FUNCTION
	                      : function->def->trace_class != NULL ? NODE_METHOD
	                                                         : NODE_UNTRACED_METHOD;
	*node = (struct flow_node){.id = id, .kind = kind, .function = function};
	list_push(walk->arena, &walk->flow->nodes, node);
	return node;
}

static bool
same_text(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static void
add_edge(struct walk *walk, const char *from, const char *to, const struct call_annotation *call)
{
	for (size_t i = 0; i < walk->flow->edges.count; i++) {
		const struct flow_edge *edge = walk->flow->edges.items[i];
		if (strcmp(edge->from, from) == 0 && strcmp(edge->to, to) == 0 &&
		    same_text(edge->label, call->label) && edge->starts_elsewhere == call->starts_elsewhere)
			return;
	}
	struct flow_edge *edge = arena_alloc(walk->arena, sizeof *edge);
	*edge = (struct flow_edge){
		.from = from, .to = to, .label = call->label, .starts_elsewhere = call->starts_elsewhere,
	};
	list_push(walk->arena, &walk->flow->edges, edge);
}

/* The first class of concrete's MRO, from position start on, that defines method. */
static const struct method_def *
first_definition(const struct class_info *concrete, size_t start, const char *method)
{
	for (size_t i = start; i < concrete->mro.count; i++) {
		const struct method_def *found = class_own_method(concrete->mro.items[i], method);
		if (found != NULL)
			return found;
	}
	return NULL;
}

static const char *
mro_text(struct walk *walk, const struct class_info *concrete)
{
	struct text_buffer text = {0};
	for (size_t i = 0; i < concrete->mro.count; i++) {
		const struct class_info *class_info = concrete->mro.items[i];
		text_printf(walk->arena, &text, "%s%s", i > 0 ? ", " : "", class_info->name);
	}
	return text_get(&text);
}

static const struct model_function *
unresolved(struct walk *walk, const struct call_annotation *call, const char *format, ...)
	__attribute__((format(printf, 3, 4)));

/* Reports why the self./super. call cannot be resolved; returns NULL. */
static const struct model_function *
unresolved(struct walk *walk, const struct call_annotation *call, const char *format, ...)
{
	char why[512];
	va_list args;
	va_start(args, format);
	vsnprintf(why, sizeof why, format, args);
	va_end(args);
	problem_at(walk->problems, call->file->path, call->line, "%s.%s: %s",
	           call->kind == CALL_SELF ? "self" : "super", call->callee, why);
	walk->status = -1;
	return NULL;
}

/* self.method from a plain function: the one concrete class that has it. */
static const struct model_function *
resolve_from_plain_function(struct walk *walk, const struct model_function *caller,
                            const struct call_annotation *call)
{
	const struct method_def *in_server = NULL, *in_handler = NULL;
	if (walk->server != NULL)
		in_server = first_definition(walk->server, 0, call->callee);
	if (walk->handler != NULL)
		in_handler = first_definition(walk->handler, 0, call->callee);
	if (in_server != NULL && in_handler != NULL)
		return unresolved(walk, call, "%s is no method, and both %s and %s have this method: "
		                  "call it from a method", caller->node, walk->server->name,
		                  walk->handler->name);
	if (in_server == NULL && in_handler == NULL)
		return unresolved(walk, call, "%s is no method, and no server= or handler= class of "
		                  "diagram %s has this method", caller->node, walk->diagram->name);
	return in_server != NULL ? in_server->function : in_handler->function;
}

/* The diagram's server= or handler= class whose MRO holds own, or NULL. */
static const struct class_info *
concrete_class_holding(const struct walk *walk, const struct class_info *own)
{
	if (walk->server != NULL && class_in_mro(walk->server, own))
		return walk->server;
	if (walk->handler != NULL && class_in_mro(walk->handler, own))
		return walk->handler;
	return NULL;
}

static const struct model_function *
resolve_method_call(struct walk *walk, const struct model_function *caller,
                    const struct call_annotation *call)
{
	if (caller->class_name == NULL) {
		if (call->kind == CALL_SUPER)
			return unresolved(walk, call, "%s is no method of a class, so it has no super",
			                  caller->node);
		return resolve_from_plain_function(walk, caller, call);
	}
	const struct class_info *own = model_find_class(walk->model, caller->class_name);
	if (own == NULL)
		return unresolved(walk, call, "%s is a method of %s, a class chapters 1..%d do not define",
		                  caller->node, caller->class_name, walk->model->chapter);
	const struct class_info *concrete = concrete_class_holding(walk, own);
	if (concrete == NULL)
		return unresolved(walk, call, "diagram %s has no server= or handler= class with %s in its MRO",
		                  walk->diagram->name, own->name);
	size_t start = 0;
	if (call->kind == CALL_SUPER)
		while (concrete->mro.items[start++] != own)
			continue;
	const struct method_def *method = first_definition(concrete, start, call->callee);
	if (method == NULL && call->kind == CALL_SUPER)
		return unresolved(walk, call, "no class after %s in the MRO of %s defines it (%s)",
		                  own->name, concrete->name, mro_text(walk, concrete));
	if (method == NULL)
		return unresolved(walk, call, "no class in the MRO of %s defines it (%s)", concrete->name,
		                  mro_text(walk, concrete));
	return method->function;
}

static bool
visited(const struct walk *walk, const struct model_function *function)
{
	for (size_t i = 0; i < walk->visited.count; i++)
		if (walk->visited.items[i] == function)
			return true;
	return false;
}

static const struct parsed_file *
parsed_file_of(const struct model *model, const struct source_file *source)
{
	for (size_t i = 0; i < model->files.count; i++) {
		const struct parsed_file *file = model->files.items[i];
		if (file->source == source)
			return file;
	}
	return NULL;
}

static void
visit(struct walk *walk, const struct model_function *function)
{
	list_push(walk->arena, &walk->visited, (void *)function);
	const struct parsed_file *file = parsed_file_of(walk->model, function->def->file);
	const struct pointer_list *calls = &file->annotations.calls;

	for (size_t i = 0; i < calls->count; i++) {
		const struct call_annotation *call = calls->items[i];
		if (call->caller != function->def)
			continue;
		const struct model_function *callee = call->kind == CALL_FUNCTION
			? model_find_function(walk->model, call->callee, file->source)
			: resolve_method_call(walk, function, call);
		if (callee == NULL && call->kind != CALL_FUNCTION)
			continue; /* reported */
		const struct flow_node *node = add_node(walk, callee ? callee->node : call->callee, callee);
		add_edge(walk, function->node, node->id, call);
		if (callee != NULL && !visited(walk, callee))
			visit(walk, callee);
	}
}

static const struct class_info *
concrete_class(struct walk *walk, const char *option, const char *name)
{
	if (name == NULL)
		return NULL;
	const struct class_info *found = model_find_class(walk->model, name);
	if (found == NULL) {
		problem_at(walk->problems, walk->diagram->file->path, walk->diagram->line,
		           "diagram %s: %s=%s is no class of chapters 1..%d", walk->diagram->name, option,
		           name, walk->model->chapter);
		walk->status = -1;
	}
	return found;
}

int
call_flow_build(struct arena *arena, const struct model *model,
                const struct diagram_declaration *diagram, struct call_flow *out,
                struct problems *problems)
{
	struct walk walk = {
		.arena = arena, .model = model, .diagram = diagram, .flow = out, .problems = problems,
	};
	*out = (struct call_flow){0};
	walk.server = concrete_class(&walk, "server", diagram->server_class);
	walk.handler = concrete_class(&walk, "handler", diagram->handler_class);
	const struct model_function *root = model_find_function(model, diagram->root, diagram->file);
	if (root == NULL) {
		problem_at(problems, diagram->file->path, diagram->line,
		           "diagram %s: root function %s is not defined in chapters 1..%d", diagram->name,
		           diagram->root, model->chapter);
		return -1;
	}
	if (walk.status != 0)
		return -1;
	add_node(&walk, root->node, root);
	visit(&walk, root);
	return walk.status;
}
