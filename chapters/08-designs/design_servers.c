/* design_servers.c — the combined classes of chapter 8: a mix-in over a
 * stream server, each with an empty body but its listen queue (1024, not
 * TCPServer's 5: clients wait there while every worker is busy). */
#include "designs.h"

#include <sys/socket.h>

static const ss_tcp_attributes designs_tcp_defaults = {
	.address_family = AF_INET,
	.socket_type = SOCK_STREAM,
	.request_queue_size = SS_DESIGNS_REQUEST_QUEUE_SIZE,
	.allow_reuse_address = false,
	.allow_reuse_port = false,
	.max_packet_size = 8192,
};

static const ss_tcp_attributes designs_unix_defaults = {
	.address_family = AF_UNIX,
	.socket_type = SOCK_STREAM,
	.request_queue_size = SS_DESIGNS_REQUEST_QUEUE_SIZE,
	.allow_reuse_address = false,
	.allow_reuse_port = false,
	.max_packet_size = 8192,
};

/*@region design-classes */
const ss_server_class ss_pool_tcp_server = {
	.name = "PoolTCPServer",
	.base = &ss_tcp_server,
	.mixin = &ss_pool_mixin,
	.attributes = &designs_tcp_defaults,
};
const ss_server_class ss_pool_unix_stream_server = {
	.name = "PoolUnixStreamServer",
	.base = &ss_unix_stream_server,
	.mixin = &ss_pool_mixin,
	.attributes = &designs_unix_defaults,
};
const ss_server_class ss_prefork_tcp_server = {
	.name = "PreforkTCPServer",
	.base = &ss_tcp_server,
	.mixin = &ss_prefork_mixin,
	.attributes = &designs_tcp_defaults,
};
const ss_server_class ss_prefork_unix_stream_server = {
	.name = "PreforkUnixStreamServer",
	.base = &ss_unix_stream_server,
	.mixin = &ss_prefork_mixin,
	.attributes = &designs_unix_defaults,
};
/*@end design-classes */
