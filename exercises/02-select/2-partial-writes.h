/* 2-partial-writes.h — exercise 2 of chapter 2: sending what fits. */
#ifndef EXERCISE_2_PARTIAL_WRITES_H
#define EXERCISE_2_PARTIAL_WRITES_H

#include <stddef.h>
#include <sys/types.h>

/* A client's output buffer in select-echo: buffer[0..*length) waits to be
 * sent on fd, a non-blocking socket the selector said is writable.
 *
 * Send as much as the socket takes now, without ever waiting, and remove
 * what was sent from the front of the buffer (the rest moves to
 * buffer[0..*length), *length shrinks). Returns the number of bytes sent —
 * 0 if the socket had no room — or -1 with errno if the connection failed
 * (EPIPE, ECONNRESET, ...). A peer that has gone must not raise SIGPIPE. */
ssize_t exercise_send_some(int fd, char *buffer, size_t *length);

#endif
