/* Exercise 1: the conversation loop, which runs until the client closes.
 *
 * Test it:  make exercises
 * or alone: make build/normal/exercises/01-accept-loop/1-echo-until-closed.learner &&
 *           build/normal/exercises/01-accept-loop/1-echo-until-closed.learner
 */
#include "1-echo-until-closed.h"

#include "net.h"

/* TODO: make echo_until_closed() hold a whole conversation.
 *
 * As written, it answers the first message and returns 0 as if the client
 * had left. But a client may send any number of messages, and TCP may hand
 * them over in pieces of any size. The conversation is over only when the
 * client closes its side. Change the function so that it:
 *
 *   - receives and sends back exactly the bytes it received, again and again;
 *   - returns 0 when a receive gives 0 bytes: the peer has closed its side;
 *   - returns -1 as soon as a receive or a send fails (a reset, a peer that
 *     has gone);
 *   - leaves fd open: the caller closes it.
 *
 * Receive with ss_recv and answer with ss_send_all (chapters/01-accept-loop/
 * io.c; their contracts are in net.h): the first retries a call a signal
 * interrupted, the second sends everything even when send() takes only part,
 * and never raises SIGPIPE.
 */
int
echo_until_closed(int fd)
{
	char buffer[4096];
	ssize_t received = ss_recv(fd, buffer, sizeof buffer);

	if (received > 0)
		ss_send_all(fd, buffer, (size_t)received);
	return 0;
}
