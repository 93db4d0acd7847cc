/* combined_servers.c — the eight combined classes, and the attributes both
 * mix-ins share. Each class has an empty body, as in Python
 * (`class ThreadingTCPServer(ThreadingMixIn, TCPServer): pass`): a name, a
 * base and a mix-in in front of it. Everything else is resolved (chapter
 * 3): the mix-in's methods first, then the base's. */
#include "mixins.h"

#include <errno.h>

/*@region combined-classes */
const ss_server_class ss_threading_tcp_server = {
	.name = "ThreadingTCPServer",
	.base = &ss_tcp_server,
	.mixin = &ss_threading_mixin,
};
const ss_server_class ss_threading_udp_server = {
	.name = "ThreadingUDPServer",
	.base = &ss_udp_server,
	.mixin = &ss_threading_mixin,
};
const ss_server_class ss_forking_tcp_server = {
	.name = "ForkingTCPServer",
	.base = &ss_tcp_server,
	.mixin = &ss_forking_mixin,
};
const ss_server_class ss_forking_udp_server = {
	.name = "ForkingUDPServer",
	.base = &ss_udp_server,
	.mixin = &ss_forking_mixin,
};
const ss_server_class ss_threading_unix_stream_server = {
	.name = "ThreadingUnixStreamServer",
	.base = &ss_unix_stream_server,
	.mixin = &ss_threading_mixin,
};
const ss_server_class ss_threading_unix_datagram_server = {
	.name = "ThreadingUnixDatagramServer",
	.base = &ss_unix_datagram_server,
	.mixin = &ss_threading_mixin,
};
const ss_server_class ss_forking_unix_stream_server = {
	.name = "ForkingUnixStreamServer",
	.base = &ss_unix_stream_server,
	.mixin = &ss_forking_mixin,
};
const ss_server_class ss_forking_unix_datagram_server = {
	.name = "ForkingUnixDatagramServer",
	.base = &ss_unix_datagram_server,
	.mixin = &ss_forking_mixin,
};
/*@end combined-classes */

/* block_on_close belongs to both mix-ins: set it in whichever the server has. */
int
ss_set_block_on_close(ss_server *server, bool block_on_close)
{
	ss_threading_attributes *threading = ss_threading_attributes_of(server);
	ss_forking_attributes *forking = ss_forking_attributes_of(server);

	if (threading == NULL && forking == NULL) {
		ss_set_error("%s has no block_on_close: it has neither mix-in", server->type->name);
		errno = EINVAL;
		return -1;
	}
	if (threading != NULL)
		threading->block_on_close = block_on_close;
	if (forking != NULL)
		forking->block_on_close = block_on_close;
	return 0;
}

bool
ss_block_on_close(ss_server *server)
{
	ss_threading_attributes *threading = ss_threading_attributes_of(server);
	ss_forking_attributes *forking = ss_forking_attributes_of(server);

	if (threading != NULL)
		return threading->block_on_close;
	if (forking != NULL)
		return forking->block_on_close;
	return true; /* both mix-ins' default */
}

void
ss_set_timeout(ss_server *server, double seconds)
{
	server->timeout = seconds < 0 ? SS_NO_TIMEOUT : seconds;
}

double
ss_timeout(const ss_server *server)
{
	return server->timeout;
}
