/* Exercise 3: surviving EINTR.
 *
 * Test it:  make exercises
 * or alone: make build/normal/exercises/01-accept-loop/3-read-some.learner &&
 *           build/normal/exercises/01-accept-loop/3-read-some.learner
 */
#include "3-read-some.h"

#include <errno.h>
#include <sys/socket.h>

#include "net.h"

/* TODO: make read_some() go on waiting when a signal interrupts it.
 *
 * A process that handles signals (a server catching SIGCHLD for its children,
 * or SIGINT to stop) can have a signal arrive while it is blocked in recv().
 * Unless the handler was installed with SA_RESTART, the kernel runs the
 * handler and then ends recv() early: -1 with errno EINTR. Nothing went wrong
 * with the socket, but the stub below returns that -1 to its caller as if it
 * were an error.
 *
 * Change it so that it:
 *   - calls recv() again when it failed with EINTR, as many times as needed;
 *   - but does not when a stop has been requested: then it returns -1 with
 *     errno EINTR, so that a server told to stop by SIGINT does stop.
 *     ss_retry_interrupted(errno) answers exactly "retry or not?" (stop.h);
 *   - returns what recv() returned otherwise: the byte count, 0 when the
 *     peer has closed, or -1 for any other error (keep errno as recv set it).
 *
 * Write the loop yourself around recv(); ss_recv in chapters/01-accept-loop/
 * io.c is the same idea, and ss_accept in accept.c does it for accept().
 */
ssize_t
read_some(int fd, void *buffer, size_t size)
{
	return recv(fd, buffer, size, 0);
}
