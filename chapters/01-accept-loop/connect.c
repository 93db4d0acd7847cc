/* connect.c — the client's half of the socket life cycle. */
#include "net.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

int
ss_connect(const char *text)
{
	ss_address address;
	int fd;

	if (ss_address_parse(text, &address) == -1)
		return -1;
	fd = ss_socket_open(ss_address_family(&address), SOCK_STREAM);
	if (fd == -1)
		return -1;
	if (connect(fd, (const struct sockaddr *)&address.storage, address.length) == 0)
		return fd;
	/* Not retried on EINTR: an interrupted connect() goes on in the
	 * background and calling it again fails with EALREADY. */
	int saved_errno = errno;
	ss_set_error("cannot connect to %s: %s", text, strerror(saved_errno));
	close(fd);
	errno = saved_errno;
	return -1;
}
