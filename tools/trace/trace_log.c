#include "trace_log.h"

#include <stdlib.h>
#include <string.h>

#include "trace_line.h"

static struct trace_stream *
stream_of(struct arena *arena, struct trace_log *log, const char *source, const struct trace_call *call)
{
	for (size_t i = 0; i < log->streams.count; i++) {
		struct trace_stream *stream = log->streams.items[i];
		if (stream->source == source && stream->pid == call->pid && stream->thread == call->thread)
			return stream;
	}
	struct trace_stream *stream = arena_alloc(arena, sizeof *stream);
	*stream = (struct trace_stream){.source = source, .pid = call->pid, .thread = call->thread};
	list_push(arena, &log->streams, stream);
	return stream;
}

static void
add_call(struct arena *arena, struct trace_log *log, const char *source, const struct trace_call *call)
{
	struct trace_stream *stream = stream_of(arena, log, source, call);
	struct pointer_list *open = &stream->open;

	/* the calls at this depth or deeper have returned */
	const struct traced_call *caller = open->count > 0 ? open->items[open->count - 1] : NULL;
	while (caller != NULL && caller->depth >= call->depth) {
		open->count--;
		caller = open->count > 0 ? open->items[open->count - 1] : NULL;
	}

	struct traced_call *traced = arena_alloc(arena, sizeof *traced);
	traced->depth = call->depth;
	traced->method = call->method;
	traced->parent = caller != NULL && caller->depth == call->depth - 1 ? caller->method : NULL;
	list_push(arena, &stream->calls, traced);
	list_push(arena, open, traced);
	log->call_count++;
}

void
trace_log_read(struct arena *arena, struct trace_log *log, FILE *input, const char *source)
{
	const char *kept_source = arena_strdup(arena, source);
	char *line = NULL;
	size_t capacity = 0;
	while (getline(&line, &capacity, input) != -1) {
		struct trace_call call;
		if (trace_line_parse(arena, line, &call))
			add_call(arena, log, kept_source, &call);
	}
	free(line);
}
