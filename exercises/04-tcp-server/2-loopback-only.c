/* Exercise 2: verify_request, the server's bouncer.
 *
 * Test it:  make exercises
 * or alone: make build/normal/exercises/04-tcp-server/2-loopback-only.learner &&
 *           build/normal/exercises/04-tcp-server/2-loopback-only.learner
 */
#include "2-loopback-only.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

/* TODO: let only loopback clients in.
 *
 * BaseServer calls verify_request(request, client_address) for each request
 * before processing it; when it returns false, the request is not
 * processed: shutdown_request closes the connection at once. BaseServer's
 * own verify_request says yes to everyone. Python:
 *
 *     class LoopbackOnlyServer(TCPServer):
 *         def verify_request(self, request, client_address):
 *             return ipaddress.ip_address(client_address[0]).is_loopback
 *
 * Look at the address family (ss_address_family), then at the address
 * itself: a struct sockaddr_in (sin_addr.s_addr, in network byte order) or
 * a struct sockaddr_in6 (sin6_addr) inside client_address->storage. Say yes
 * for 127.0.0.0/8, ::1, and ::ffff:127.0.0.0/104 (an IPv4 client of a
 * dual-stack IPv6 socket); no for anything else, any other family included.
 */
static bool
loopback_only_verify_request(ss_server *self, ss_request *request, const ss_address *client_address)
{
	(void)self, (void)request, (void)client_address;
	return true;
}

const ss_server_class loopback_only_server = {
	.name = "LoopbackOnlyServer",
	.base = &ss_tcp_server,
	.verify_request = loopback_only_verify_request,
};
