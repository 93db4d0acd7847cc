/* Exercise 1: a server written the way a program outside this repository
 * writes it, with the public header alone. Included by the stub, the
 * solution and the test. */
#ifndef EXERCISE_1_PUBLIC_HEADER_H
#define EXERCISE_1_PUBLIC_HEADER_H

#include <socketserver.h>

/* A ThreadingTCPServer listening on address (port 0: any free port), each
 * client served on a thread of its own by ReverseHandler, a
 * StreamRequestHandler: every line the client sends comes back reversed,
 * its newline still at the end ("hello\n" -> "olleh\n"), until the client
 * closes. Returns the server, or NULL with ss_error() saying why. */
ss_server *reverse_server_new(const char *address);

#endif
