/* trace_log.h — the trace lines of one or more files, as call streams.
 *
 * A stream is what one thread of one process did: the calls with the same
 * (file, pid, tid), in order. Within a stream a call at depth d was made by
 * the nearest earlier call at depth d - 1 that is still open (no call at depth
 * <= d - 1 came in between): its parent. A call without one is an orphan: the
 * first call of a new thread (depth 0), or of a forked child, which goes on at
 * the depth its parent process had reached.
 */
#ifndef TRACE_TRACE_LOG_H
#define TRACE_TRACE_LOG_H

#include <stdio.h>

#include "arena.h"

struct traced_call {
	long depth;
	const char *method;
	const char *parent; /* the calling method, NULL for an orphan */
};

struct trace_stream {
	const char *source; /* the file it was read from */
	long pid, thread;
	struct pointer_list calls; /* struct traced_call *, in order */
	struct pointer_list open;  /* struct traced_call *: the calls still open, outermost first */
};

struct trace_log {
	struct pointer_list streams; /* struct trace_stream *, in the order first seen */
	size_t call_count;
};

/* Adds the trace lines read from input (named source) to log; ignores other lines. */
void trace_log_read(struct arena *arena, struct trace_log *log, FILE *input, const char *source);

#endif
