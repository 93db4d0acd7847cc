/* trace_line.h — one line of a runtime trace.
 *
 * With SS_TRACE=1 the library writes, for every method call, a line
 *
 *     ss-trace pid=<pid> tid=<n> depth=<d> <Class.method>
 *
 * to stderr, the method indented by 2 * d more spaces for human readers: n
 * numbers the threads of a process from 1, d is the call depth in that
 * thread from 0. Anything else on stderr is not a trace line. Output written
 * without a newline just before may share the line, so the trace is looked
 * for anywhere in it.
 */
#ifndef TRACE_TRACE_LINE_H
#define TRACE_TRACE_LINE_H

#include <stdbool.h>

#include "arena.h"

struct trace_call {
	long pid;
	long thread;
	long depth;
	const char *method;
};

/* Fills out and returns true when line holds a trace; false otherwise. */
bool trace_line_parse(struct arena *arena, const char *line, struct trace_call *out);

#endif
