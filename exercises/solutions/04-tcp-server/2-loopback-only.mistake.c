/* Exercise 2, THE MISTAKE its hint warns about: the IPv4 address shifted in
 * network byte order, so on a little-endian machine the "first" byte is the
 * last one. */
#include "2-loopback-only.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

static bool
loopback_only_verify_request(ss_server *self, ss_request *request, const ss_address *client_address)
{
	(void)self, (void)request;
	switch (ss_address_family(client_address)) {
	case AF_INET: {
		const struct sockaddr_in *v4 = (const struct sockaddr_in *)&client_address->storage;
		return v4->sin_addr.s_addr >> 24 == 127; /* the mistake: no ntohl */
	}
	case AF_INET6: {
		const struct in6_addr *v6 = &((const struct sockaddr_in6 *)&client_address->storage)->sin6_addr;
		return IN6_IS_ADDR_LOOPBACK(v6) || (IN6_IS_ADDR_V4MAPPED(v6) && v6->s6_addr[12] == 127);
	}
	default:
		return false;
	}
}

const ss_server_class loopback_only_server = {
	.name = "LoopbackOnlyServer",
	.base = &ss_tcp_server,
	.verify_request = loopback_only_verify_request,
};
