/* method_edges.h — a diagram reduced to what a trace can show.
 *
 * Only traced methods leave trace lines (their node ids hold a '.' and they
 * are not marked class="untraced", dot_graph.h), so the plain functions,
 * untraced methods and system calls between them are contracted: A -> helper -> B,
 * with only A and B methods, counts as A -> B. A path that takes a dashed
 * edge (a call that starts a thread or process) starts B elsewhere: in the
 * trace, B is then the first call of a new stream, an orphan.
 */
#ifndef TRACE_METHOD_EDGES_H
#define TRACE_METHOD_EDGES_H

#include <stdbool.h>

#include "arena.h"
#include "dot_graph.h"

struct method_edge {
	const char *from, *to;
	bool starts_elsewhere;
};

/* Appends to out (struct method_edge *) every method-to-method edge of the
 * contracted graph, once each, ordered by the graph's nodes and edges. */
void contract_to_methods(struct arena *arena, const struct dot_graph *graph, struct pointer_list *out);

#endif
