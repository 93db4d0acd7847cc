/* Exercise 3: collect, then send.
 *
 * Test it:  make exercises
 * or alone: make build/normal/exercises/06-request-handlers/3-datagram-sum.learner &&
 *           build/normal/exercises/06-request-handlers/3-datagram-sum.learner
 */
#include "3-datagram-sum.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* TODO: add up the numbers of a packet.
 *
 * Python:
 *
 *     class SumHandler(socketserver.DatagramRequestHandler):
 *         def handle(self):
 *             total = 0
 *             for number, line in enumerate(self.rfile, 1):
 *                 try:
 *                     total += int(line)
 *                 except ValueError:
 *                     self.wfile.write(b"error: line %d is not a number\n" % number)
 *                     raise
 *             self.wfile.write(b"sum %d\n" % total)
 *
 * h = ss_datagram_handler_of(self): h->rfile reads the packet (readline as
 * on a stream), h->wfile collects the reply. Who sends it, and when?
 * strtoll(line, &end, 10) parses a number; the line is a number when end
 * moved and only "\n" (or nothing) is left after it.
 */
static int
datagram_sum_handle(ss_handler *self)
{
	(void)self;
	return 0;
}

const ss_handler_class datagram_sum_handler = {
	.name = "SumHandler",
	.base = &ss_datagram_request_handler,
	.handle = datagram_sum_handle,
};
