/* Exercise 1, a reference solution: ReverseHandler on ThreadingTCPServer,
 * written with <socketserver.h> alone. */
#include "1-public-header.h"

#include <stddef.h>
#include <sys/types.h>

/* Reverse line[0..length) in place, except a final newline. */
static void
reverse_line(char *line, size_t length)
{
	if (length > 0 && line[length - 1] == '\n')
		length--;
	for (size_t i = 0, j = length; i + 1 < j; i++, j--) {
		char swapped = line[i];
		line[i] = line[j - 1];
		line[j - 1] = swapped;
	}
}

/* Until the client closes: each line back, reversed. */
static int
reverse_handle(ss_handler *self)
{
	ss_stream_handler *handler = ss_stream_handler_of(self);
	char line[1024];
	ssize_t length;

	while ((length = ss_rfile_readline(&handler->rfile, line, sizeof line)) > 0) {
		reverse_line(line, (size_t)length);
		if (ss_wfile_write(&handler->wfile, line, (size_t)length) == -1)
			return -1;
	}
	return length == 0 ? 0 : -1;
}

static const ss_handler_class reverse_handler = {
	.name = "ReverseHandler",
	.base = &ss_stream_request_handler,
	.handle = reverse_handle,
};

ss_server *
reverse_server_new(const char *address)
{
	return ss_server_new(&ss_threading_tcp_server, address, &reverse_handler, NULL);
}
