/* Exercise 2: a preforked child that ends after max_requests connections.
 *
 * Test it:  make exercises
 * or alone: make build/normal/exercises/08-designs/2-max-requests.learner &&
 *           build/normal/exercises/08-designs/2-max-requests.learner
 */
#include "2-max-requests.h"

#include <errno.h>

/* Given: __init__ sets the defaults, then runs PreforkTCPServer's. */
static int
recycling_init(ss_server *self, const char *server_address, bool bind_and_activate)
{
	recycling_server *recycling = (recycling_server *)self;
	ss_server_class super;

	recycling->max_requests = 3;
	recycling->served = 0;
	ss_server_super(self, &recycling_prefork_tcp_server, &super);
	return super.init(self, server_address, bind_and_activate);
}

/* TODO: serve the connection with super.process_request; if that failed
 * (-1 or SS_SYSTEM_EXIT), return its result. Otherwise count it, and
 * return SS_SYSTEM_EXIT when the count has reached max_requests, else 0. */
static int
recycling_process_request(ss_server *self, ss_request *request, const ss_address *client_address)
{
	(void)self, (void)request, (void)client_address;
	ss_set_error("recycling_process_request is not written yet");
	errno = ENOSYS;
	return -1;
}

const ss_server_class recycling_prefork_tcp_server = {
	.name = "RecyclingPreforkTCPServer",
	.base = &ss_prefork_tcp_server,
	.instance_size = sizeof(recycling_server),
	.init = recycling_init,
	.process_request = recycling_process_request,
};
