/* address.c — "host:port" text to and from socket addresses. */
#include "net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>

/* Split "host:port" / "[v6]:port" / ":port" into host and port text.
 * Returns 0, or -1 if the text has no such shape. */
static int
split_host_port(const char *text, char *host, size_t host_size, const char **port)
{
	const char *host_start = text;
	const char *host_end;

	if (text[0] == '[') { /* [v6addr]:port — brackets because v6 has colons */
		host_start = text + 1;
		host_end = strchr(host_start, ']');
		if (host_end == NULL || host_end[1] != ':')
			return -1;
		*port = host_end + 2;
	} else {
		host_end = strrchr(text, ':');
		if (host_end == NULL || memchr(text, ':', (size_t)(host_end - text)) != NULL)
			return -1; /* no colon, or a bare v6 address without brackets */
		*port = host_end + 1;
	}
	if ((size_t)(host_end - host_start) >= host_size)
		return -1;
	memcpy(host, host_start, (size_t)(host_end - host_start));
	host[host_end - host_start] = '\0';
	return 0;
}

/* "0".."65535", digits only. */
static int
parse_port(const char *text)
{
	char *end;
	long port;

	if (text[0] < '0' || text[0] > '9')
		return -1;
	errno = 0;
	port = strtol(text, &end, 10);
	if (errno != 0 || *end != '\0' || port > 65535)
		return -1;
	return (int)port;
}

int
ss_address_parse(const char *text, ss_address *out)
{
	char host[256];
	const char *port_text;
	struct addrinfo hints, *found;
	int port, status;

	if (text == NULL || split_host_port(text, host, sizeof host, &port_text) == -1 ||
	    (port = parse_port(port_text)) == -1) {
		ss_set_error("bad address '%s': expected host:port, [v6addr]:port or :port",
		             text ? text : "(null)");
		errno = EINVAL;
		return -1;
	}

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_flags = AI_NUMERICSERV | (host[0] == '\0' ? AI_PASSIVE : 0);
	status = getaddrinfo(host[0] == '\0' ? NULL : host, port_text, &hints, &found);
	if (status != 0) {
		ss_set_error("cannot resolve '%s' in address '%s': %s", host, text,
		             gai_strerror(status));
		errno = status == EAI_SYSTEM ? errno : EADDRNOTAVAIL;
		return -1;
	}
	/* A name may resolve to several addresses; like Python's bind(), take the first. */
	memset(out, 0, sizeof *out);
	memcpy(&out->storage, found->ai_addr, found->ai_addrlen);
	out->length = found->ai_addrlen;
	freeaddrinfo(found);
	return 0;
}

/*@region unix-address */
int
ss_unix_address_parse(const char *path, ss_address *out)
{
	struct sockaddr_un *un = (struct sockaddr_un *)&out->storage;
	size_t length = path ? strlen(path) : 0;

	memset(out, 0, sizeof *out);
	if (length == 0) {
		ss_set_error("bad address '': a Unix socket needs a filesystem path");
		errno = EINVAL;
		return -1;
	}
	if (length >= sizeof un->sun_path) { /* 108 bytes on Linux, with the NUL */
		ss_set_error("socket path too long (%zu bytes, at most %zu): %s", length,
		             sizeof un->sun_path - 1, path);
		errno = ENAMETOOLONG;
		return -1;
	}
	un->sun_family = AF_UNIX;
	memcpy(un->sun_path, path, length + 1);
	out->length = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + length + 1);
	return 0;
}
/*@end unix-address */

bool
ss_address_is_path(const char *text)
{
	return text != NULL && strchr(text, '/') != NULL;
}

const char *
ss_address_format(const ss_address *address, char *buffer, size_t size)
{
	const struct sockaddr *generic = (const struct sockaddr *)&address->storage;
	char host[INET6_ADDRSTRLEN];

	switch (generic->sa_family) {
	case AF_INET: {
		const struct sockaddr_in *v4 = (const struct sockaddr_in *)generic;
		inet_ntop(AF_INET, &v4->sin_addr, host, sizeof host);
		snprintf(buffer, size, "%s:%d", host, ntohs(v4->sin_port));
		break;
	}
	case AF_INET6: {
		const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)generic;
		inet_ntop(AF_INET6, &v6->sin6_addr, host, sizeof host);
		snprintf(buffer, size, "[%s]:%d", host, ntohs(v6->sin6_port));
		break;
	}
	case AF_UNIX: {
		const struct sockaddr_un *un = (const struct sockaddr_un *)generic;
		size_t path_length = address->length > offsetof(struct sockaddr_un, sun_path)
		                         ? address->length - offsetof(struct sockaddr_un, sun_path)
		                         : 0;
		/* An unbound client has no path: Python shows '' (stream) or None. */
		snprintf(buffer, size, "%.*s", (int)strnlen(un->sun_path, path_length), un->sun_path);
		break;
	}
	case AF_UNSPEC: /* a request that came from no socket (chapter 3's servers) */
		snprintf(buffer, size, "(no address)");
		break;
	default:
		snprintf(buffer, size, "(address family %d)", generic->sa_family);
	}
	return buffer;
}

int
ss_address_family(const ss_address *address)
{
	return ((const struct sockaddr *)&address->storage)->sa_family;
}

int
ss_address_port(const ss_address *address)
{
	switch (ss_address_family(address)) {
	case AF_INET:
		return ntohs(((const struct sockaddr_in *)&address->storage)->sin_port);
	case AF_INET6:
		return ntohs(((const struct sockaddr_in6 *)&address->storage)->sin6_port);
	default:
		return -1;
	}
}
