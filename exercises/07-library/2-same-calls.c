/* Exercise 2: the same calls as Python's.
 *
 * Test it:  make exercises
 * or alone: make build/normal/exercises/07-library/2-same-calls.learner &&
 *           build/normal/exercises/07-library/2-same-calls.learner
 *
 * The test serves one client with your GreetingHandler on a TCPServer, as
 * exercises/07-library/2-same-calls.py does on CPython's module, with
 * SS_TRACE=1 on the C side — and `tools/trace compare` sets the two call
 * sequences side by side, as chapter 7 does for the library's own
 * scenarios. See the traces yourself:
 *
 *     exercises/07-library/2-same-calls.py 2>&1 | tools/trace render /dev/stdin
 */
#include "2-same-calls.h"

#include <ctype.h>
#include <sys/types.h>

/* handle, written for you: the model for the two methods you write. Its
 * first line is the trace point every method of the library starts with,
 * in Python's names: the class that defines the method, and the method. */
static int
greeting_handle(ss_handler *self)
{
	SS_TRACE("GreetingHandler", "handle");
	ss_stream_handler *handler = ss_stream_handler_of(self);
	char line[256];
	ssize_t length = ss_rfile_readline(&handler->rfile, line, sizeof line);

	if (length == -1)
		return -1;
	for (ssize_t i = 0; i < length; i++)
		line[i] = (char)toupper((unsigned char)line[i]);
	return ss_wfile_write(&handler->wfile, line, (size_t)length) == -1 ? -1 : 0;
}

/* TODO: GreetingHandler's setup and finish, as in 2-same-calls.py:
 *
 *     def setup(self):
 *         super().setup()                 # makes self.rfile and self.wfile
 *         self.wfile.write(b'welcome\n')
 *
 *     def finish(self):
 *         self.wfile.write(b'bye\n')
 *         super().finish()                # flushes and closes them
 *
 * Write greeting_setup and greeting_finish (each returns 0, or -1 when
 * something fails) and put them in the class table below. Python's
 * super().setup() is, for a handler, a plain call of the base class's slot:
 * ss_stream_request_handler.setup(self).
 */

const ss_handler_class greeting_handler = {
	.name = "GreetingHandler",
	.base = &ss_stream_request_handler,
	.handle = greeting_handle,
};
