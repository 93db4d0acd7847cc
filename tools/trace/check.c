#include "check.h"

#include <errno.h>
#include <string.h>

#include "method_edges.h"

struct runtime_edge {
	const char *parent, *child;
};

static bool
has_runtime_edge(const struct pointer_list *edges, const char *parent, const char *child)
{
	for (size_t i = 0; i < edges->count; i++) {
		const struct runtime_edge *edge = edges->items[i];
		if (strcmp(edge->parent, parent) == 0 && strcmp(edge->child, child) == 0)
			return true;
	}
	return false;
}

static bool
has_text(const struct pointer_list *texts, const char *text)
{
	for (size_t i = 0; i < texts->count; i++)
		if (strcmp(texts->items[i], text) == 0)
			return true;
	return false;
}

/* The trace's distinct runtime edges, and the methods seen as orphans. */
static void
collect_runtime(struct arena *arena, const struct trace_log *log, struct pointer_list *edges,
                struct pointer_list *orphans)
{
	for (size_t i = 0; i < log->streams.count; i++) {
		const struct trace_stream *stream = log->streams.items[i];
		for (size_t j = 0; j < stream->calls.count; j++) {
			const struct traced_call *call = stream->calls.items[j];
			if (call->parent == NULL) {
				if (!has_text(orphans, call->method))
					list_push(arena, orphans, (void *)call->method);
			} else if (!has_runtime_edge(edges, call->parent, call->method)) {
				struct runtime_edge *edge = arena_alloc(arena, sizeof *edge);
				*edge = (struct runtime_edge){.parent = call->parent, .child = call->method};
				list_push(arena, edges, edge);
			}
		}
	}
}

static bool
diagram_has(const struct pointer_list *method_edges, const char *from, const char *to)
{
	for (size_t i = 0; i < method_edges->count; i++) {
		const struct method_edge *edge = method_edges->items[i];
		if (!edge->starts_elsewhere && strcmp(edge->from, from) == 0 && strcmp(edge->to, to) == 0)
			return true;
	}
	return false;
}

int
trace_check(struct arena *arena, const struct dot_graph *graph, const struct trace_log *log,
            bool only_diagram_nodes, const char *dot_path, FILE *out, FILE *err)
{
	struct pointer_list runtime = {0}, orphans = {0}, method_edges = {0};
	size_t problems = 0;

	if (log->call_count == 0) {
		fprintf(err, "trace check: no ss-trace lines in the trace (was SS_TRACE=1 set?)\n");
		return 1;
	}
	collect_runtime(arena, log, &runtime, &orphans);
	contract_to_methods(arena, graph, &method_edges);

	for (size_t i = 0; i < runtime.count; i++) {
		const struct runtime_edge *edge = runtime.items[i];
		if (only_diagram_nodes &&
		    (!dot_graph_has_node(graph, edge->parent) || !dot_graph_has_node(graph, edge->child)))
			continue;
		if (!diagram_has(&method_edges, edge->parent, edge->child)) {
			fprintf(err, "runtime edge not in diagram: %s -> %s\n", edge->parent, edge->child);
			problems++;
		}
	}
	for (size_t i = 0; i < method_edges.count; i++) {
		const struct method_edge *edge = method_edges.items[i];
		if (edge->starts_elsewhere && !has_text(&orphans, edge->to)) {
			fprintf(err, "diagram edge never seen at run time: %s -> %s (dashed: %s never started "
			        "a thread or process of its own)\n", edge->from, edge->to, edge->to);
			problems++;
		} else if (!edge->starts_elsewhere && !has_runtime_edge(&runtime, edge->from, edge->to)) {
			fprintf(err, "diagram edge never seen at run time: %s -> %s\n", edge->from, edge->to);
			problems++;
		}
	}
	if (problems > 0) {
		fprintf(err, "trace check: %s and the trace disagree: %zu problem%s\n", dot_path, problems,
		        problems == 1 ? "" : "s");
		return 1;
	}
	fprintf(out, "trace check: %s agrees with the trace: %zu runtime edge%s, %zu diagram edge%s "
	        "between methods, all seen\n", dot_path, runtime.count, runtime.count == 1 ? "" : "s",
	        method_edges.count, method_edges.count == 1 ? "" : "s");
	return 0;
}

static char *
read_text(struct arena *arena, const char *path)
{
	FILE *input = fopen(path, "rb");
	if (input == NULL)
		return NULL;
	struct text_buffer text = {0};
	char chunk[8192];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, input)) > 0)
		text_append_n(arena, &text, chunk, got);
	fclose(input);
	return arena_strdup(arena, text_get(&text));
}

int
command_check(const char *dot_path, const char *const *trace_paths, size_t count,
              bool only_diagram_nodes, FILE *out, FILE *err)
{
	struct arena arena;
	struct dot_graph graph;
	struct trace_log log = {0};
	int status = 1;

	arena_init(&arena);
	const char *dot_text = read_text(&arena, dot_path);
	if (dot_text == NULL) {
		fprintf(err, "trace check: cannot read %s: %s\n", dot_path, strerror(errno));
		goto done;
	}
	if (dot_graph_parse(&arena, dot_text, &graph) != 0) {
		fprintf(err, "trace check: %s is no digraph\n", dot_path);
		goto done;
	}
	for (size_t i = 0; i < count; i++) {
		bool from_stdin = strcmp(trace_paths[i], "-") == 0;
		FILE *input = from_stdin ? stdin : fopen(trace_paths[i], "r");
		if (input == NULL) {
			fprintf(err, "trace check: cannot read %s: %s\n", trace_paths[i], strerror(errno));
			goto done;
		}
		trace_log_read(&arena, &log, input, trace_paths[i]);
		if (!from_stdin)
			fclose(input);
	}
	status = trace_check(&arena, &graph, &log, only_diagram_nodes, dot_path, out, err);
done:
	arena_release(&arena);
	return status;
}
