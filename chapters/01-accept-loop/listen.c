/* listen.c — socket, bind, listen: a socket becomes a server's front door. */
#include "net.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

int
ss_socket_open(int family, int type)
{
	/* SOCK_CLOEXEC: set atomically, no window in which a fork+exec leaks it */
	int fd = socket(family, type | SOCK_CLOEXEC, 0);

	if (fd == -1)
		ss_set_error("cannot create a socket: %s", strerror(errno));
	return fd;
}

static int
set_flag_option(int fd, int option, const char *name, bool on)
{
	int value = on;

	if (setsockopt(fd, SOL_SOCKET, option, &value, sizeof value) == -1) {
		ss_set_error("cannot set %s: %s", name, strerror(errno));
		return -1;
	}
	return 0;
}

int
ss_socket_reuse_address(int fd, bool on)
{
	return set_flag_option(fd, SO_REUSEADDR, "SO_REUSEADDR", on);
}

int
ss_socket_reuse_port(int fd, bool on)
{
	return set_flag_option(fd, SO_REUSEPORT, "SO_REUSEPORT", on);
}

int
ss_socket_bind(int fd, const ss_address *address)
{
	char text[SS_ADDRESS_TEXT_MAX];

	if (bind(fd, (const struct sockaddr *)&address->storage, address->length) == -1) {
		ss_set_error("cannot bind %s: %s",
		             ss_address_format(address, text, sizeof text), strerror(errno));
		return -1;
	}
	return 0;
}

int
ss_socket_listen(int fd, int backlog)
{
	/* backlog: how many finished handshakes the kernel queues for accept();
	 * Linux silently caps it at net.core.somaxconn. */
	if (listen(fd, backlog) == -1) {
		int saved_errno = errno;
		ss_address local;
		char text[SS_ADDRESS_TEXT_MAX] = "the socket";

		if (ss_socket_local_address(fd, &local) == 0)
			ss_address_format(&local, text, sizeof text);
		ss_set_error("cannot listen on %s: %s", text, strerror(saved_errno));
		errno = saved_errno;
		return -1;
	}
	return 0;
}

int
ss_socket_local_address(int fd, ss_address *out)
{
	memset(out, 0, sizeof *out);
	out->length = sizeof out->storage;
	if (getsockname(fd, (struct sockaddr *)&out->storage, &out->length) == -1) {
		ss_set_error("cannot read the socket's address: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/*@region listen-steps */
int
ss_listen(const char *text, int backlog, bool reuse_address, ss_address *bound)
{
	ss_address address;
	int fd;

	ss_reserve_fd_init();
	if (ss_address_parse(text, &address) == -1)
		return -1;
	fd = ss_socket_open(ss_address_family(&address), SOCK_STREAM);
	if (fd == -1)
		return -1;
	if ((reuse_address && ss_socket_reuse_address(fd, true) == -1) /*@ -> ss_socket_reuse_address [if reuse_address] */
	    || ss_socket_bind(fd, &address) == -1
	    || ss_socket_listen(fd, backlog) == -1
	    || (bound && ss_socket_local_address(fd, bound) == -1)) {
		int saved_errno = errno;

		close(fd); /* a failed listen leaks no fd; ss_error() names the address */
		errno = saved_errno;
		return -1;
	}
	return fd;
}
/*@end listen-steps */
