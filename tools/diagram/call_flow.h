/* call_flow.h — walking the annotated calls from a diagram's root.
 *
 * From the root function, the walk follows the call annotations of each
 * function in source order, depth first, entering every function once. A
 * callee that is a function of the visible sources is entered; one that is
 * not is a leaf (a system call, or a library function). self.method and
 * super.method are resolved in the diagram's concrete class (server= or
 * handler=, whichever has the caller's class in its MRO): self.m is the first
 * class of that MRO defining m, super.m the first one after the caller's own
 * class. A plain function (no class) may call self.m when exactly one of the
 * concrete classes has an m. Anything unresolvable is a problem at the
 * annotation's file:line.
 */
#ifndef DIAGRAM_CALL_FLOW_H
#define DIAGRAM_CALL_FLOW_H

#include <stdbool.h>

#include "annotations.h"
#include "arena.h"
#include "model.h"
#include "problems.h"

/* NODE_METHOD: a traced method (its body starts with SS_TRACE);
 * NODE_UNTRACED_METHOD: a method only a class table names, without a trace
 * point (chapter 2's selector backends come before tracing): it leaves no
 * trace line, so tools/trace must contract it like a plain function. */
enum node_kind { NODE_METHOD, NODE_UNTRACED_METHOD, NODE_FUNCTION, NODE_SYSTEM_CALL };

struct flow_node {
	const char *id;
	enum node_kind kind;
	const struct model_function *function; /* NULL for a system call */
};

struct flow_edge {
	const char *from, *to;
	const char *label; /* NULL: none */
	bool starts_elsewhere;
};

struct call_flow {
	struct pointer_list nodes; /* struct flow_node *, in the order first reached */
	struct pointer_list edges; /* struct flow_edge *, in the order walked, no duplicates */
};

/* Returns -1 when a problem (reported) stops the diagram, 0 otherwise. */
int call_flow_build(struct arena *arena, const struct model *model,
                    const struct diagram_declaration *diagram, struct call_flow *out,
                    struct problems *problems);

#endif
