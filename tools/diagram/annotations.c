#include "annotations.h"

#include <ctype.h>
#include <string.h>

#include "scanner.h"

/* What one annotation is being read from: its file, line and comment body. */
struct annotation_text {
	const struct source_file *file;
	int line;
	struct scanner body;
};

/* name, self.method or super.method; false after reporting a problem. */
static bool
read_callee(struct arena *arena, struct annotation_text *annotation, struct call_annotation *call,
            struct problems *problems)
{
	const char *path = annotation->file->path;
	struct scanner *body = &annotation->body;
	char *first, *method;

	if (!scan_identifier(body, arena, &first)) {
		problem_at(problems, path, annotation->line, "call annotation without a callee");
		return false;
	}
	call->kind = CALL_FUNCTION;
	call->callee = first;
	if (body->at == body->end || *body->at != '.')
		return true;
	body->at++;
	if (!scan_identifier(body, arena, &method)) {
		problem_at(problems, path, annotation->line, "expected a method name after '%s.'", first);
		return false;
	}
	if (strcmp(first, "self") != 0 && strcmp(first, "super") != 0) {
		problem_at(problems, path, annotation->line,
		           "callee %s.%s: only self.method and super.method name methods", first, method);
		return false;
	}
	call->kind = strcmp(first, "self") == 0 ? CALL_SELF : CALL_SUPER;
	call->callee = method;
	return true;
}

/* An optional "[label]", trimmed; false after reporting a problem. */
static bool
read_label(struct arena *arena, struct annotation_text *annotation, struct call_annotation *call,
           struct problems *problems)
{
	const char *path = annotation->file->path;
	struct scanner *body = &annotation->body;

	if (!scan_char(body, '['))
		return true;
	const char *start = body->at;
	while (body->at < body->end && *body->at != ']')
		body->at++;
	if (body->at == body->end) {
		problem_at(problems, path, annotation->line, "label without its closing ']'");
		return false;
	}
	struct scanner label = scanner_over(start, (size_t)(body->at - start));
	body->at++;
	scan_space(&label);
	while (label.end > label.at && isspace((unsigned char)label.end[-1]))
		label.end--;
	if (label.at == label.end) {
		problem_at(problems, path, annotation->line, "empty label '[]'");
		return false;
	}
	call->label = arena_strndup(arena, label.at, (size_t)(label.end - label.at));
	return true;
}

static void
parse_call(struct arena *arena, struct annotation_text *annotation, bool starts_elsewhere,
           const struct pointer_list *functions, struct file_annotations *out, struct problems *problems)
{
	const char *path = annotation->file->path;
	struct scanner *body = &annotation->body;
	struct call_annotation *call = arena_alloc(arena, sizeof *call);

	*call = (struct call_annotation){
		.file = annotation->file, .line = annotation->line, .starts_elsewhere = starts_elsewhere,
	};
	if (!read_callee(arena, annotation, call, problems) || !read_label(arena, annotation, call, problems))
		return;
	if (!scan_at_end(body)) {
		problem_at(problems, path, annotation->line, "unexpected text after the callee: '%.*s'",
		           (int)(body->end - body->at), body->at);
		return;
	}
	call->caller = function_enclosing(functions, annotation->line);
	if (call->caller == NULL) {
		problem_at(problems, path, annotation->line,
		           "call annotation outside any function: put it inside the function that calls");
		return;
	}
	list_push(arena, &out->calls, call);
}

static bool
is_file_name(const char *name)
{
	if (name[0] == '.')
		return false;
	for (const char *c = name; *c; c++)
		if (!is_identifier_char(*c) && *c != '-' && *c != '.')
			return false;
	return true;
}

/* root=, server= or handler= of a call-flow diagram; false after reporting a problem. */
static bool
set_option(struct diagram_declaration *diagram, const char *key, const char *value,
           const struct annotation_text *annotation, struct problems *problems)
{
	const char **slot = strcmp(key, "root") == 0      ? &diagram->root
	                    : strcmp(key, "server") == 0  ? &diagram->server_class
	                    : strcmp(key, "handler") == 0 ? &diagram->handler_class
	                                                  : NULL;
	if (slot == NULL) {
		problem_at(problems, annotation->file->path, annotation->line,
		           "unknown option %s= (expected root=, server=, handler=)", key);
		return false;
	}
	if (*slot != NULL) {
		problem_at(problems, annotation->file->path, annotation->line, "option %s= given twice", key);
		return false;
	}
	*slot = value;
	return true;
}

/* NAME, then "Title" (both kinds) and key=value options (call flow only). */
static void
parse_diagram(struct arena *arena, struct annotation_text *annotation, enum diagram_kind kind,
              struct file_annotations *out, struct problems *problems)
{
	const char *path = annotation->file->path;
	struct scanner *body = &annotation->body;
	struct diagram_declaration *diagram = arena_alloc(arena, sizeof *diagram);
	const char *what = kind == DIAGRAM_CALL_FLOW ? "diagram" : "classes";
	char *name, *title = NULL;

	*diagram = (struct diagram_declaration){
		.kind = kind, .file = annotation->file, .line = annotation->line,
	};
	if (!scan_word(body, arena, "\"", &name) || !is_file_name(name)) {
		problem_at(problems, path, annotation->line,
		           "@%s needs a NAME of letters, digits, '-', '_' or '.' first", what);
		return;
	}
	diagram->name = name;
	while (!scan_at_end(body)) {
		if (title == NULL && scan_quoted(body, arena, &title))
			continue;
		struct scanner option_start = *body;
		char *key, *value;
		if (kind == DIAGRAM_CALL_FLOW && scan_word(body, arena, "=\"", &key) &&
		    scan_char(body, '=') && scan_word(body, arena, "\"", &value)) {
			if (!set_option(diagram, key, value, annotation, problems))
				return;
			continue;
		}
		scan_space(&option_start);
		problem_at(problems, path, annotation->line, "cannot read @%s %s from here: '%.*s'", what,
		           name, (int)(option_start.end - option_start.at), option_start.at);
		return;
	}
	if (title == NULL) {
		problem_at(problems, path, annotation->line, "@%s %s has no \"Title\"", what, name);
		return;
	}
	if (kind == DIAGRAM_CALL_FLOW && diagram->root == NULL) {
		problem_at(problems, path, annotation->line, "@diagram %s has no root=FUNCTION", name);
		return;
	}
	diagram->title = title;
	list_push(arena, &out->diagrams, diagram);
}

/* NAME : BASE, BASE ... */
static void
parse_composed_class(struct arena *arena, struct annotation_text *annotation,
                     struct file_annotations *out, struct problems *problems)
{
	struct scanner *body = &annotation->body;
	struct composed_class *composed = arena_alloc(arena, sizeof *composed);
	char *name, *base;

	*composed = (struct composed_class){.file = annotation->file, .line = annotation->line};
	if (scan_identifier(body, arena, &name) && scan_char(body, ':')) {
		composed->name = name;
		bool base_expected = true;
		while (base_expected && scan_identifier(body, arena, &base)) {
			list_push(arena, &composed->bases, base);
			base_expected = scan_char(body, ',');
		}
		if (!base_expected && scan_at_end(body)) {
			list_push(arena, &out->composed_classes, composed);
			return;
		}
	}
	problem_at(problems, annotation->file->path, annotation->line,
	           "write a composed class as @class NAME : BASE, BASE");
}

static void
parse_one(struct arena *arena, struct annotation_text *annotation, const struct pointer_list *functions,
          struct file_annotations *out, struct problems *problems)
{
	struct scanner *body = &annotation->body;
	char *keyword;

	if (scan_literal(body, "->") || scan_literal(body, "~>")) {
		parse_call(arena, annotation, body->at[-2] == '~', functions, out, problems);
		return;
	}
	/* A keyword must follow the '@' directly: "@ diagram" is no annotation. */
	if (body->at < body->end && is_identifier_char(*body->at) &&
	    scan_identifier(body, arena, &keyword)) {
		if (strcmp(keyword, "diagram") == 0)
			parse_diagram(arena, annotation, DIAGRAM_CALL_FLOW, out, problems);
		else if (strcmp(keyword, "classes") == 0)
			parse_diagram(arena, annotation, DIAGRAM_CLASSES, out, problems);
		else if (strcmp(keyword, "class") == 0)
			parse_composed_class(arena, annotation, out, problems);
		else if (strcmp(keyword, "region") != 0 && strcmp(keyword, "end") != 0 &&
		         strcmp(keyword, "wrap") != 0)
			problem_at(problems, annotation->file->path, annotation->line,
			           "unknown annotation @%s", keyword);
		return;
	}
	problem_at(problems, annotation->file->path, annotation->line,
	           "unknown annotation: expected -> or ~> or a keyword after the '@'");
}

void
parse_annotations(struct arena *arena, const struct source_file *file,
                  const struct pointer_list *functions, struct file_annotations *out,
                  struct problems *problems)
{
	const char *at = file->text;
	while ((at = strstr(at, "/*@")) != NULL) {
		size_t offset = (size_t)(at - file->text);
		at += 3;
		if (!source_opens_block_comment(file, offset))
			continue; /* inside a string literal, or another comment */
		int line = source_line_at(file, offset);
		const char *end = strstr(at, "*/");
		if (end == NULL) {
			problem_at(problems, file->path, line, "annotation without its closing '*/'");
			return;
		}
		const char *body_end = end;
		while (body_end > at && isspace((unsigned char)body_end[-1]))
			body_end--;
		struct annotation_text annotation = {
			.file = file, .line = line, .body = scanner_over(at, (size_t)(body_end - at)),
		};
		parse_one(arena, &annotation, functions, out, problems);
		at = end + 2;
	}
}
