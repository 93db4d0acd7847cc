#include "render.h"

void
render_trace_log(const struct trace_log *log, bool name_sources, FILE *out)
{
	for (size_t i = 0; i < log->streams.count; i++) {
		const struct trace_stream *stream = log->streams.items[i];
		if (i > 0)
			fputc('\n', out);
		if (name_sources)
			fprintf(out, "[%s: pid %ld thread %ld]\n", stream->source, stream->pid, stream->thread);
		else
			fprintf(out, "[pid %ld thread %ld]\n", stream->pid, stream->thread);
		for (size_t j = 0; j < stream->calls.count; j++) {
			const struct traced_call *call = stream->calls.items[j];
			fprintf(out, "%*s%s\n", (int)(2 * (call->depth + 1)), "", call->method);
		}
	}
}
