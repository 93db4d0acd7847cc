/* Exercise 2 — the mistake its hint warns about (`tools/exercises verify`
 * proves the test catches it): IPv6's ::1 only, forgetting that an IPv4
 * client of a dual-stack socket arrives as ::ffff:127.x.y.z. */
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
		return ntohl(v4->sin_addr.s_addr) >> 24 == 127;
	}
	case AF_INET6: {
		const struct in6_addr *v6 = &((const struct sockaddr_in6 *)&client_address->storage)->sin6_addr;
		return IN6_IS_ADDR_LOOPBACK(v6); /* the mistake: no IPv4-mapped loopback */
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
