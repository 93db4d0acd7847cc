/* Exercise 3, THE MISTAKE its hint warns about: EINTR always retried, so a
 * stop request (SIGINT) can no longer end the wait. */
#include "3-read-some.h"

#include <errno.h>
#include <sys/socket.h>

#include "net.h"

ssize_t
read_some(int fd, void *buffer, size_t size)
{
	for (;;) {
		ssize_t received = recv(fd, buffer, size, 0);
		if (received >= 0 || errno != EINTR)
			return received; /* the mistake: EINTR retried even when a stop was requested */
	}
}
