/* Exercise 3, a solution: retry EINTR, unless a stop was requested. */
#include "3-read-some.h"

#include <errno.h>
#include <sys/socket.h>

#include "net.h"

ssize_t
read_some(int fd, void *buffer, size_t size)
{
	for (;;) {
		ssize_t received = recv(fd, buffer, size, 0);
		if (received >= 0 || !ss_retry_interrupted(errno))
			return received; /* data, the end, an error, or EINTR with a stop requested */
	}
}
