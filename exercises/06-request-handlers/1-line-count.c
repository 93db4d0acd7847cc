/* Exercise 1: a running line count.
 *
 * Test it:  make exercises
 * or alone: make build/normal/exercises/06-request-handlers/1-line-count.learner &&
 *           build/normal/exercises/06-request-handlers/1-line-count.learner
 */
#include "1-line-count.h"

#include <stdio.h>
#include <string.h>

/* TODO: number the lines.
 *
 * Python:
 *
 *     class LineCountHandler(socketserver.StreamRequestHandler):
 *         def handle(self):
 *             count = 0
 *             for line in self.rfile:
 *                 count += 1
 *                 self.wfile.write(b"%d: %s" % (count, line.rstrip(b"\n") + b"\n"))
 *             self.wfile.write(b"%d lines\n" % count)
 *
 * In C: read with ss_rfile_readline(&h->rfile, ...) until it returns 0 (the
 * client closed) or -1 (an error: return -1); answer with
 * ss_wfile_write(&h->wfile, ...). h is ss_stream_handler_of(self).
 */
static int
line_count_handle(ss_handler *self)
{
	(void)self;
	return 0;
}

const ss_handler_class line_count_handler = {
	.name = "LineCountHandler",
	.base = &ss_stream_request_handler,
	.handle = line_count_handle,
};
