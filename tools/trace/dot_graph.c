#include "dot_graph.h"

#include <string.h>

static bool
has_id(const struct pointer_list *ids, const char *id)
{
	for (size_t i = 0; i < ids->count; i++)
		if (strcmp(ids->items[i], id) == 0)
			return true;
	return false;
}

bool
dot_graph_has_node(const struct dot_graph *graph, const char *id)
{
	return has_id(&graph->nodes, id);
}

bool
dot_graph_is_method(const struct dot_graph *graph, const char *id)
{
	return strchr(id, '.') != NULL && !has_id(&graph->untraced, id);
}

static void
add_node(struct arena *arena, struct dot_graph *graph, const char *id)
{
	if (!dot_graph_has_node(graph, id))
		list_push(arena, &graph->nodes, (void *)id);
}

static const char *
skip_space(const char *at)
{
	while (*at == ' ' || *at == '\t')
		at++;
	return at;
}

/* A "quoted" id at *at, unescaped; NULL when there is none. */
static const char *
read_id(struct arena *arena, const char **at)
{
	if (**at != '"')
		return NULL;
	struct text_buffer id = {0};
	const char *c = *at + 1;
	for (; *c != '\0' && *c != '\n' && *c != '"'; c++) {
		if (*c == '\\' && (c[1] == '"' || c[1] == '\\'))
			c++;
		text_append_n(arena, &id, c, 1);
	}
	if (*c != '"')
		return NULL;
	*at = c + 1;
	return arena_strdup(arena, text_get(&id));
}

static bool
is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
	       c == '.' || c == '-';
}

/* An attribute name or value at *at: "quoted" (unescaped) or a bare word. */
static const char *
read_word(struct arena *arena, const char **at)
{
	if (**at == '"')
		return read_id(arena, at);
	const char *start = *at;
	while (is_name_char(**at))
		(*at)++;
	return *at > start ? arena_strndup(arena, start, (size_t)(*at - start)) : NULL;
}

/* Does the attribute list at at, [name=value, ...], give class a value whose
 * space-separated classes include "untraced"? */
static bool
marked_untraced(struct arena *arena, const char *at)
{
	at = skip_space(at);
	if (*at != '[')
		return false;
	at++;
	for (;;) {
		at = skip_space(at);
		const char *name = read_word(arena, &at);
		if (name == NULL)
			return false;
		at = skip_space(at);
		if (*at != '=')
			return false;
		at = skip_space(at + 1);
		const char *value = read_word(arena, &at);
		if (value == NULL)
			return false;
		if (strcmp(name, "class") == 0) {
			for (const char *c = value; *c != '\0';) {
				size_t length = strcspn(c, " ");
				if (length == 8 && strncmp(c, "untraced", 8) == 0)
					return true;
				c += length;
				c += strspn(c, " ");
			}
		}
		at = skip_space(at);
		if (*at == ',' || *at == ';')
			at++;
		else
			return false;
	}
}

static void
read_statement(struct arena *arena, const char *line, struct dot_graph *graph)
{
	const char *at = skip_space(line);
	const char *from = read_id(arena, &at);
	if (from == NULL)
		return;
	at = skip_space(at);
	if (strncmp(at, "->", 2) != 0) {
		add_node(arena, graph, from);
		if (marked_untraced(arena, at) && !has_id(&graph->untraced, from))
			list_push(arena, &graph->untraced, (void *)from);
		return;
	}
	at = skip_space(at + 2);
	const char *to = read_id(arena, &at);
	if (to == NULL)
		return;
	const char *end = strchr(at, '\n');
	size_t rest = end != NULL ? (size_t)(end - at) : strlen(at);
	struct dot_edge *edge = arena_alloc(arena, sizeof *edge);
	edge->from = from;
	edge->to = to;
	edge->dashed = strstr(arena_strndup(arena, at, rest), "style=dashed") != NULL;
	add_node(arena, graph, from);
	add_node(arena, graph, to);
	list_push(arena, &graph->edges, edge);
}

int
dot_graph_parse(struct arena *arena, const char *text, struct dot_graph *graph)
{
	bool is_digraph = false;
	*graph = (struct dot_graph){0};
	for (const char *line = text; *line != '\0';) {
		if (strncmp(skip_space(line), "digraph", 7) == 0)
			is_digraph = true;
		else
			read_statement(arena, line, graph);
		const char *end = strchr(line, '\n');
		line = end != NULL ? end + 1 : line + strlen(line);
	}
	return is_digraph ? 0 : -1;
}
