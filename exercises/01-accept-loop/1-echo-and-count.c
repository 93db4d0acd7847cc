/* Exercise 1: an echo server that counts, and has the last word.
 *
 * Test it:  make exercises
 * or alone: make build/normal/exercises/01-accept-loop/1-echo-and-count.learner &&
 *           build/normal/exercises/01-accept-loop/1-echo-and-count.learner
 */
#include "1-echo-and-count.h"

#include <stdio.h>

#include "net.h"

/* TODO: make echo_and_count() echo a whole conversation, count it, and
 * answer once more after the client has closed its side.
 *
 * A TCP connection has two directions, and each side closes its own:
 * a client that calls shutdown(fd, SHUT_WR) says "I have nothing more to
 * send", and can still read. On the server, that arrives as a receive that
 * gives 0 bytes — and the server may still send. This is how a client asks
 * "tell me when you have seen everything" (HTTP/1.0 clients did it; so does
 * `nc -N`).
 *
 * As written, the function echoes the first piece that arrives and stops.
 * Change it so that it:
 *
 *   - receives and sends back exactly the bytes it received, again and
 *     again, however the stream is cut into pieces;
 *   - when a receive gives 0 bytes (the client's half-close), sends the line
 *     "N bytes\n", N the number of bytes it echoed, and returns N;
 *   - returns -1 as soon as a receive or a send fails (a reset, a peer that
 *     has gone);
 *   - leaves fd open: the caller closes it.
 *
 * Receive with ss_recv and send with ss_send_all (chapters/01-accept-loop/
 * io.c; their contracts are in net.h).
 */
ssize_t
echo_and_count(int fd)
{
	char buffer[4096];
	ssize_t received = ss_recv(fd, buffer, sizeof buffer);

	if (received > 0)
		ss_send_all(fd, buffer, (size_t)received);
	return 0;
}
