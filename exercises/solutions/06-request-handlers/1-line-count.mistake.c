/* Exercise 1 with the mistake its hint warns about: a static count,
 * shared by every conversation. The test must fail on it. */
#include "1-line-count.h"

#include <stdio.h>
#include <string.h>

/* for line in self.rfile: count += 1; write "count: line"; then "count lines" */
static int
line_count_handle(ss_handler *self)
{
	ss_stream_handler *h = ss_stream_handler_of(self);
	char line[1024], answer[1100];
	ssize_t length;
	static int count = 0; /* the mistake: shared by every conversation */

	while ((length = ss_rfile_readline(&h->rfile, line, sizeof line)) > 0) {
		count++;
		line[strcspn(line, "\n")] = '\0';
		snprintf(answer, sizeof answer, "%d: %s\n", count, line);
		if (ss_wfile_write(&h->wfile, answer, strlen(answer)) == -1)
			return -1;
	}
	if (length == -1)
		return -1;
	snprintf(answer, sizeof answer, "%d lines\n", count);
	return ss_wfile_write(&h->wfile, answer, strlen(answer)) == -1 ? -1 : 0;
}

const ss_handler_class line_count_handler = {
	.name = "LineCountHandler",
	.base = &ss_stream_request_handler,
	.handle = line_count_handle,
};
