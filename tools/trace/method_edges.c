#include "method_edges.h"

#include <string.h>

/* A plain node reached from the current method, on a path that did or did
 * not start elsewhere (the same node can be reached both ways). */
struct reached {
	const char *node;
	bool starts_elsewhere;
};

struct contraction {
	struct arena *arena;
	const struct dot_graph *graph;
	const char *method; /* the method the paths start from */
	struct pointer_list reached; /* struct reached *: plain nodes already explored */
	struct pointer_list *out;
};

static bool
already(const struct pointer_list *list, const char *from, const char *to, bool starts_elsewhere)
{
	for (size_t i = 0; i < list->count; i++) {
		const struct method_edge *edge = list->items[i];
		if (strcmp(edge->from, from) == 0 && strcmp(edge->to, to) == 0 &&
		    edge->starts_elsewhere == starts_elsewhere)
			return true;
	}
	return false;
}

static bool
explored(const struct contraction *contraction, const char *node, bool starts_elsewhere)
{
	for (size_t i = 0; i < contraction->reached.count; i++) {
		const struct reached *reached = contraction->reached.items[i];
		if (strcmp(reached->node, node) == 0 && reached->starts_elsewhere == starts_elsewhere)
			return true;
	}
	return false;
}

/* Follows the edges out of node, through plain nodes, to the next methods. */
static void
follow(struct contraction *contraction, const char *node, bool starts_elsewhere)
{
	const struct pointer_list *edges = &contraction->graph->edges;
	for (size_t i = 0; i < edges->count; i++) {
		const struct dot_edge *edge = edges->items[i];
		if (strcmp(edge->from, node) != 0)
			continue;
		bool elsewhere = starts_elsewhere || edge->dashed;
		if (dot_graph_is_method(contraction->graph, edge->to)) {
			if (!already(contraction->out, contraction->method, edge->to, elsewhere)) {
				struct method_edge *found = arena_alloc(contraction->arena, sizeof *found);
				*found = (struct method_edge){
					.from = contraction->method, .to = edge->to, .starts_elsewhere = elsewhere,
				};
				list_push(contraction->arena, contraction->out, found);
			}
		} else if (!explored(contraction, edge->to, elsewhere)) {
			struct reached *reached = arena_alloc(contraction->arena, sizeof *reached);
			*reached = (struct reached){.node = edge->to, .starts_elsewhere = elsewhere};
			list_push(contraction->arena, &contraction->reached, reached);
			follow(contraction, edge->to, elsewhere);
		}
	}
}

void
contract_to_methods(struct arena *arena, const struct dot_graph *graph, struct pointer_list *out)
{
	for (size_t i = 0; i < graph->nodes.count; i++) {
		const char *node = graph->nodes.items[i];
		if (!dot_graph_is_method(graph, node))
			continue;
		struct contraction contraction = {
			.arena = arena, .graph = graph, .method = node, .out = out,
		};
		follow(&contraction, node, false);
	}
}
