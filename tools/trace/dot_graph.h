/* dot_graph.h — the nodes and edges of a diagram written by tools/diagram.
 *
 * That generator writes one statement a line (tools/diagram/dot_output.h):
 *
 *     "A" [shape=box, ...];           a node
 *     "A" -> "B" [style=dashed, ...];  an edge; dashed: B starts elsewhere
 *
 * so this reads lines, not the DOT language. Other lines (digraph, graph,
 * node and edge defaults, the closing brace) say nothing about the graph.
 *
 * Method nodes: a node whose id holds a '.' ("Class.method") is a traced
 * method, one that leaves trace lines, unless its node statement carries
 * class="untraced" (among its classes, if several): the generator marks so a
 * method that only a class table names and that has no SS_TRACE trace point
 * (chapter 2's selector backends, e.g. "PollSelector.select"). Such a node,
 * like a plain function or a system call, is contracted (method_edges.h).
 */
#ifndef TRACE_DOT_GRAPH_H
#define TRACE_DOT_GRAPH_H

#include <stdbool.h>

#include "arena.h"

struct dot_edge {
	const char *from, *to;
	bool dashed;
};

struct dot_graph {
	struct pointer_list nodes; /* char *: node ids, in the order first met */
	struct pointer_list edges; /* struct dot_edge *, in file order */
	struct pointer_list untraced; /* char *: ids of nodes marked class="untraced" */
};

/* Reads text into graph; -1 when it holds no `digraph` line. */
int dot_graph_parse(struct arena *arena, const char *text, struct dot_graph *graph);

bool dot_graph_has_node(const struct dot_graph *graph, const char *id);

/* Is id a traced method of the graph: "Class.method", not marked untraced?
 * Plain functions and system calls have no '.'. */
bool dot_graph_is_method(const struct dot_graph *graph, const char *id);

#endif
