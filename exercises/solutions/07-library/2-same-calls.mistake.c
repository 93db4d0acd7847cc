/* Exercise 2, THE MISTAKE the hint warns about: finish says goodbye and
 * forgets super().finish(). The client hears every word it should —
 * wfile is unbuffered, so nothing waited for a flush — but
 * StreamRequestHandler.finish never runs: rfile's buffer is never freed,
 * and the call Python makes is missing from the trace. The test must fail
 * on this. */
#include "2-same-calls.h"

#include <ctype.h>
#include <sys/types.h>

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

/* super().setup(), then the greeting: wfile exists only after it. */
static int
greeting_setup(ss_handler *self)
{
	SS_TRACE("GreetingHandler", "setup");
	if (ss_stream_request_handler.setup(self) == -1) /* super().setup() */
		return -1;
	ss_stream_handler *handler = ss_stream_handler_of(self);
	return ss_wfile_write(&handler->wfile, "welcome\n", 8) == -1 ? -1 : 0;
}

/* The goodbye. (No super().finish(): the mistake.) */
static int
greeting_finish(ss_handler *self)
{
	SS_TRACE("GreetingHandler", "finish");
	ss_stream_handler *handler = ss_stream_handler_of(self);
	return ss_wfile_write(&handler->wfile, "bye\n", 4) == -1 ? -1 : 0;
}

const ss_handler_class greeting_handler = {
	.name = "GreetingHandler",
	.base = &ss_stream_request_handler,
	.setup = greeting_setup,
	.handle = greeting_handle,
	.finish = greeting_finish,
};
