/* Exercise 2: SO_REUSEADDR, or why a restarted server cannot bind its port.
 *
 * Test it:  make exercises
 * or alone: make build/normal/exercises/01-accept-loop/2-listen-again.learner &&
 *           build/normal/exercises/01-accept-loop/2-listen-again.learner
 */
#include "2-listen-again.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net.h"

/* TODO: let listen_again() bind a port that a closed connection still holds.
 *
 * The side of a TCP connection that closes first keeps it in TIME_WAIT for a
 * minute or so afterwards, still tied to its address and port, so that late
 * packets of the old connection cannot be mistaken for a new one's. A server
 * usually closes first; stop it and start it again at once, and bind() fails
 * with EADDRINUSE ("Address already in use") although nothing is listening.
 *
 * The socket option SO_REUSEADDR, set after socket() and before bind(), lets
 * bind() ignore those leftover connections (it still refuses a port where a
 * socket is listening). Python's socketserver sets it when the server class
 * says allow_reuse_address = True.
 *
 * Add it to the steps below with a setsockopt() call of your own (man 2
 * setsockopt, man 7 socket): the function must return the listening fd, and
 * on any failure -1 (errno set, and a message for ss_error(): ss_set_error
 * in error.h), without leaking the socket. Chapter 1's listen.c has a helper
 * for this option, and ss_listen shows where it goes; write the call
 * yourself here, so that you know what the helper hides.
 */
int
listen_again(const char *address)
{
	ss_address parsed;
	int fd;

	if (ss_address_parse(address, &parsed) == -1)
		return -1;
	fd = ss_socket_open(ss_address_family(&parsed), SOCK_STREAM);
	if (fd == -1)
		return -1;
	if (ss_socket_bind(fd, &parsed) == -1 || ss_socket_listen(fd, 5) == -1) {
		int saved_errno = errno;

		close(fd);
		errno = saved_errno;
		return -1;
	}
	return fd;
}
