/* 2-ring-send.h — exercise 2 of chapter 2: sending what fits, from a ring. */
#ifndef EXERCISE_2_RING_SEND_H
#define EXERCISE_2_RING_SEND_H

#include <stddef.h>
#include <sys/types.h>

enum { RING_SIZE = 4096 };

/* An output buffer that never moves its bytes: the bytes waiting to be sent
 * are data[start], data[start + 1], ... — length of them, counted on from
 * the end of data[] back to data[0] (a "ring"). start < RING_SIZE and
 * length <= RING_SIZE always. */
typedef struct ring {
	char data[RING_SIZE];
	size_t start;
	size_t length;
} ring;

/* fd is a non-blocking socket the selector said is writable. Send as much of
 * the ring's bytes, in order, as the socket takes now, without waiting, and
 * remove what was sent from the ring (start moves on, length shrinks).
 * Returns the number of bytes sent — 0 if the socket had no room, or the
 * ring is empty — or -1 with errno if the connection failed (EPIPE,
 * ECONNRESET, ...). A peer that has gone must not raise SIGPIPE. */
ssize_t exercise_ring_send(int fd, ring *r);

#endif
