/* check.h — `trace check`: does the diagram tell what the server really did?
 *
 * A runtime edge is (parent, call) of a trace (see trace_log.h). The check
 * fails, listing each one, on
 *   - a runtime edge the diagram lacks: "runtime edge not in diagram: A -> B"
 *     (with only_diagram_nodes, edges touching a method the diagram does
 *     not draw at all are left out);
 *   - a method-to-method diagram edge (plain nodes contracted, see
 *     method_edges.h) the trace never shows: "diagram edge never seen at run
 *     time: A -> B". A dashed edge A -> B is seen when B is an orphan
 *     somewhere: the first call of a thread or of a forked process.
 * A trace without any ss-trace line fails too: it proves nothing.
 */
#ifndef TRACE_CHECK_H
#define TRACE_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "arena.h"
#include "dot_graph.h"
#include "trace_log.h"

/* 0 when they agree (a summary on out), 1 otherwise (the problems on err). */
int trace_check(struct arena *arena, const struct dot_graph *graph, const struct trace_log *log,
                bool only_diagram_nodes, const char *dot_path, FILE *out, FILE *err);

/* Reads the files, then trace_check; 1 also when a file cannot be read. */
int command_check(const char *dot_path, const char *const *trace_paths, size_t count,
                  bool only_diagram_nodes, FILE *out, FILE *err);

#endif
