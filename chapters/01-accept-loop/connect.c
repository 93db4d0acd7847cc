/* connect.c — the client's half of the socket life cycle. */
#include "net.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

int
ss_connect(const char *text)
{
	return ss_connect_socket(text, SOCK_STREAM, NULL);
}

int
ss_connect_socket(const char *text, int type, const ss_address *local)
{
	ss_address address;
	int fd;

	if ((ss_address_is_path(text) ? ss_unix_address_parse(text, &address)
	                              : ss_address_parse(text, &address)) == -1)
		return -1;
	fd = ss_socket_open(ss_address_family(&address), type);
	if (fd == -1)
		return -1;
	if (local != NULL && ss_socket_bind(fd, local) == -1) {
		int saved_errno = errno;
		close(fd);
		errno = saved_errno;
		return -1;
	}
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
