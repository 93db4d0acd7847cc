/* Exercise 1: a server against the public header alone.
 *
 * Test it:  make exercises
 * or alone: make build/normal/exercises/07-library/1-public-header.learner &&
 *           build/normal/exercises/07-library/1-public-header.learner
 *
 * This file is built the way a program outside this repository is built:
 * with lib/dist/ on the include path and nothing else of the library, as
 *
 *     cc -std=c11 -pthread -Ilib/dist this-file.c lib/dist/socketserver.c
 *
 * so a chapter's header (tcp_server.h, mixins.h, program.h, ...) is not
 * there to be found. What a program may use is what <socketserver.h>
 * declares, each name with its contract beside it: read lib/socketserver.h
 * and the chapter headers it lists.
 */
#include "1-public-header.h"

#include <stddef.h>

/* TODO: ReverseHandler and reverse_server_new.
 *
 * Python:
 *
 *     class ReverseHandler(socketserver.StreamRequestHandler):
 *         def handle(self):
 *             for line in self.rfile:
 *                 body = line.rstrip(b"\n")
 *                 self.wfile.write(body[::-1] + line[len(body):])
 *
 *     def reverse_server_new(address):
 *         return socketserver.ThreadingTCPServer(address, ReverseHandler)
 *
 * 1. Give the handler class the base whose setup makes rfile and wfile.
 * 2. Write reverse_handle: read a line at a time until the client closes
 *    (return 0) or something fails (return -1), and write each back
 *    reversed, the newline (if the line has one) left at the end.
 * 3. reverse_server_new: the server class whose requests each get a thread.
 */
static int
reverse_handle(ss_handler *self)
{
	(void)self;
	return 0;
}

static const ss_handler_class reverse_handler = {
	.name = "ReverseHandler",
	/* .base = ... which class gives the handler rfile and wfile? */
	.handle = reverse_handle,
};

ss_server *
reverse_server_new(const char *address)
{
	(void)address, (void)reverse_handler;
	return NULL;
}
