/* Exercise 2, a solution: SO_REUSEADDR between socket() and bind().
 * (ss_listen(address, 5, true, NULL) does the same in one call.) */
#include "2-listen-again.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net.h"

/* The option is an int, 1 for on; setsockopt copies it, so a local will do. */
static int
allow_reuse_address(int fd)
{
	int on = 1;

	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) == -1) {
		ss_set_error("cannot set SO_REUSEADDR: %s", strerror(errno));
		return -1;
	}
	return 0;
}

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
	if (allow_reuse_address(fd) == -1 /* before bind, or it changes nothing */
	    || ss_socket_bind(fd, &parsed) == -1 || ss_socket_listen(fd, 5) == -1) {
		int saved_errno = errno;

		close(fd);
		errno = saved_errno;
		return -1;
	}
	return fd;
}
