#include "dot_output.h"

#include <string.h>

/* text with every character of special preceded by a backslash. */
static const char *
escaped(struct arena *arena, const char *text, const char *special)
{
	struct text_buffer result = {0};
	for (const char *c = text; *c; c++) {
		if (strchr(special, *c) != NULL)
			text_append(arena, &result, "\\");
		text_append_n(arena, &result, c, 1);
	}
	return arena_strdup(arena, text_get(&result));
}

/* A DOT double-quoted string. */
static const char *
quoted(struct arena *arena, const char *text)
{
	return arena_printf(arena, "\"%s\"", escaped(arena, text, "\"\\"));
}

/* Inside a record label, these characters would make fields. */
static const char *
record_text(struct arena *arena, const char *text)
{
	return escaped(arena, text, "{}|<>\"\\ ");
}

static void
write_header(struct arena *arena, struct text_buffer *dot, const struct diagram_declaration *diagram)
{
	text_printf(arena, dot, "digraph %s {\n", quoted(arena, diagram->name));
	text_printf(arena, dot,
	            "  graph [label=%s, labelloc=t, fontname=\"Helvetica\", rankdir=TB];\n",
	            quoted(arena, diagram->title));
	text_append(arena, dot, "  node [fontname=\"Helvetica\", fontsize=11];\n");
	text_append(arena, dot, "  edge [fontname=\"Helvetica\", fontsize=10];\n");
}

static void
write_node(struct arena *arena, struct text_buffer *dot, const struct flow_node *node)
{
	const char *id = quoted(arena, node->id);
	switch (node->kind) {
	case NODE_METHOD:
	case NODE_UNTRACED_METHOD: {
		/* "Class.method" is drawn on two lines, Class above method; an
		 * untraced one is drawn like a plain function and marked for
		 * tools/trace, which then contracts it despite its '.' */
		const char *dot_at = strchr(node->id, '.');
		const char *class_name = arena_strndup(arena, node->id, (size_t)(dot_at - node->id));
		const char *label = arena_printf(arena, "%s\\n%s", escaped(arena, class_name, "\"\\"),
		                                 escaped(arena, dot_at + 1, "\"\\"));
		if (node->kind == NODE_METHOD)
			text_printf(arena, dot, "  %s [shape=box, label=\"%s\"];\n", id, label);
		else
			text_printf(arena, dot, "  %s [shape=box, style=rounded, label=\"%s\", class=\"untraced\"];\n",
			            id, label);
		break;
	}
	case NODE_FUNCTION:
		text_printf(arena, dot, "  %s [shape=box, style=rounded];\n", id);
		break;
	case NODE_SYSTEM_CALL:
		text_printf(arena, dot, "  %s [shape=plaintext, fontcolor=gray30];\n", id);
		break;
	}
}

static void
write_edge(struct arena *arena, struct text_buffer *dot, const struct flow_edge *edge)
{
	text_printf(arena, dot, "  %s -> %s", quoted(arena, edge->from), quoted(arena, edge->to));
	if (edge->starts_elsewhere && edge->label != NULL)
		text_printf(arena, dot, " [style=dashed, label=%s]", quoted(arena, edge->label));
	else if (edge->starts_elsewhere)
		text_append(arena, dot, " [style=dashed]");
	else if (edge->label != NULL)
		text_printf(arena, dot, " [label=%s]", quoted(arena, edge->label));
	text_append(arena, dot, ";\n");
}

const char *
dot_call_flow(struct arena *arena, const struct diagram_declaration *diagram,
              const struct call_flow *flow)
{
	struct text_buffer dot = {0};
	write_header(arena, &dot, diagram);
	for (size_t i = 0; i < flow->nodes.count; i++)
		write_node(arena, &dot, flow->nodes.items[i]);
	for (size_t i = 0; i < flow->edges.count; i++)
		write_edge(arena, &dot, flow->edges.items[i]);
	text_append(arena, &dot, "}\n");
	return text_get(&dot);
}

/* {Name\n(symbol)|method()\l...|attribute = value\l...} */
static const char *
class_record(struct arena *arena, const struct class_info *class_info)
{
	struct text_buffer label = {0};
	const char *origin = class_info->table != NULL ? class_info->table->symbol : "composed";
	text_printf(arena, &label, "{%s\\n(%s)|", record_text(arena, class_info->name),
	            record_text(arena, origin));
	for (size_t i = 0; i < class_info->methods.count; i++) {
		/* by its node's name, the Python one: __init__ rather than the slot init */
		const struct method_def *method = class_info->methods.items[i];
		const char *python_name = strchr(method->function->node, '.') + 1;
		text_printf(arena, &label, "%s()\\l", record_text(arena, python_name));
	}
	text_append(arena, &label, "|");
	for (size_t i = 0; i < class_info->attributes.count; i++) {
		const struct table_field *field = class_info->attributes.items[i];
		const char *line = arena_printf(arena, "%s = %s", field->field, field->value);
		text_printf(arena, &label, "%s\\l", record_text(arena, line));
	}
	text_append(arena, &label, "}");
	return text_get(&label);
}

const char *
dot_classes(struct arena *arena, const struct diagram_declaration *diagram, const struct model *model)
{
	struct text_buffer dot = {0};
	write_header(arena, &dot, diagram);
	for (size_t i = 0; i < model->classes.count; i++) {
		const struct class_info *class_info = model->classes.items[i];
		text_printf(arena, &dot, "  %s [shape=record, label=\"%s\"];\n",
		            quoted(arena, class_info->name), class_record(arena, class_info));
	}
	for (size_t i = 0; i < model->classes.count; i++) {
		const struct class_info *class_info = model->classes.items[i];
		for (size_t j = 0; j < class_info->bases.count; j++) {
			const struct class_info *base = class_info->bases.items[j];
			text_printf(arena, &dot, "  %s -> %s [dir=back, arrowtail=empty];\n",
			            quoted(arena, base->name), quoted(arena, class_info->name));
		}
	}
	text_append(arena, &dot, "}\n");
	return text_get(&dot);
}
