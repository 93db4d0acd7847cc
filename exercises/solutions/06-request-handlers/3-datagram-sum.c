/* Exercise 3, solved: collect the reply, let finish send it. */
#include "3-datagram-sum.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* for each line: total += int(line); then wfile.write("sum total") — collected, sent by finish */
static int
datagram_sum_handle(ss_handler *self)
{
	ss_datagram_handler *h = ss_datagram_handler_of(self);
	char line[128], reply[128];
	long long total = 0;
	ssize_t length;
	int number = 0;

	while ((length = ss_rfile_readline(&h->rfile, line, sizeof line)) > 0) {
		char *end;
		number++;
		errno = 0;
		long long value = strtoll(line, &end, 10);
		if (end == line || errno != 0 || (*end != '\n' && *end != '\0')) {
			snprintf(reply, sizeof reply, "error: line %d is not a number\n", number);
			ss_wfile_write(&h->wfile, reply, strlen(reply)); /* finish sends it anyway */
			ss_set_error("line %d is not a number", number);
			return -1;
		}
		total += value;
	}
	if (length == -1)
		return -1;
	snprintf(reply, sizeof reply, "sum %lld\n", total);
	/* collected, not sent: DatagramRequestHandler's finish sends it */
	return ss_wfile_write(&h->wfile, reply, strlen(reply)) == -1 ? -1 : 0;
}

const ss_handler_class datagram_sum_handler = {
	.name = "SumHandler",
	.base = &ss_datagram_request_handler,
	.handle = datagram_sum_handle,
};
