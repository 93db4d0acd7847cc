/* Exercise 1: a Unix stream server that clears away its stale socket file.
 * Included by the stub, the solution and the test. */
#ifndef EXERCISE_1_STALE_SOCKET_H
#define EXERCISE_1_STALE_SOCKET_H

#include "tcp_server.h"

/* Make path free for a new Unix socket, if it safely can be: if path is a
 * socket file that no server listens on any more (a connect() to it is
 * refused), remove it. Leave path alone if nothing is there, if a server
 * answers there, or if it is anything but a socket. Returns 0 in all those
 * cases (the bind that follows then succeeds, or fails with EADDRINUSE and
 * says so); -1 with errno and ss_set_error() only if a step itself failed
 * (lstat other than ENOENT, socket, unlink). */
int exercise_remove_stale_socket(const char *path);

/* UnixStreamServer whose __init__ calls exercise_remove_stale_socket on its
 * path first (given, in the exercise file). */
extern const ss_server_class tidy_unix_stream_server;

#endif
