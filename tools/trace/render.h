/* render.h — `trace render`: the calls as indented trees, one per thread.
 *
 *     [pid 4242 thread 1]
 *       BaseServer.serve_forever
 *         BaseServer._handle_request_noblock
 *
 * Streams come in the order first seen, each call indented by its depth, so
 * a forked child that starts deep stays where its parent left off. With more
 * than one input file each header names the file too.
 */
#ifndef TRACE_RENDER_H
#define TRACE_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "trace_log.h"

void render_trace_log(const struct trace_log *log, bool name_sources, FILE *out);

#endif
