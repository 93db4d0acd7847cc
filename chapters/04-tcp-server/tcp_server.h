/* tcp_server.h — chapter 4: the socket servers. Python's TCPServer,
 * UDPServer, UnixStreamServer and UnixDatagramServer, as subclasses of
 * chapter 3's BaseServer.
 *
 *   BaseServer                 the loop and its hooks (chapter 3)
 *   └── TCPServer              a socket: bind, listen, accept, close
 *       ├── UDPServer          recvfrom instead of accept; no listen
 *       │   └── UnixDatagramServer   AF_UNIX: the address is a path
 *       └── UnixStreamServer         AF_UNIX: the address is a path
 *
 * Each class table below defines only what that class overrides; the rest
 * is inherited (chapter 3's resolution order). UnixStreamServer and
 * UnixDatagramServer define no method at all, only attribute defaults.
 *
 * Addresses: "host:port", "[v6addr]:port" or ":port" for TCP and UDP — the
 * family (AF_INET or AF_INET6) comes from the address, so "[::1]:0" just
 * works; a filesystem path for the Unix classes. Port 0 picks a free port;
 * server_address then holds the real one.
 */
#ifndef SS_TCP_SERVER_H
#define SS_TCP_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "base_server.h"
#include "net.h"

/*@classes 04-classes "Chapter 4: the server classes" */

/*@region tcp-attributes */
/* The class attributes TCPServer introduces (Python's class variables), as
 * one struct: a class gives all of them in its .attributes, and init copies
 * them into the instance, where a program may change them before binding. */
typedef struct ss_tcp_attributes {
	int address_family;       /* AF_INET (the address decides v4 or v6), or AF_UNIX */
	int socket_type;          /* SOCK_STREAM or SOCK_DGRAM */
	int request_queue_size;   /* the listen() backlog: 5 */
	bool allow_reuse_address; /* SO_REUSEADDR before bind: false */
	bool allow_reuse_port;    /* SO_REUSEPORT before bind (inet only): false */
	size_t max_packet_size;   /* UDPServer's recvfrom size: 8192 */
} ss_tcp_attributes;
/*@end tcp-attributes */

/* An instance of any of the four classes. (Not named ss_tcp_server: that is
 * the class, and C has one namespace for both.) */
typedef struct ss_socket_server {
	ss_server base;               /* first: an ss_socket_server * is an ss_server * */
	int socket;                   /* Python's self.socket; -1 once closed */
	ss_address address;           /* the address to bind, then the one bound */
	ss_tcp_attributes attributes; /* this instance's copy of the class defaults */
} ss_socket_server;

/* TCPServer: binds and listens in its constructor; a request is an accepted connection. */
extern const ss_server_class ss_tcp_server;
/* UDPServer(TCPServer): no listen; a request is one packet, answered on the server's socket. */
extern const ss_server_class ss_udp_server;
/* UnixStreamServer(TCPServer): TCPServer over AF_UNIX; the address is a path. */
extern const ss_server_class ss_unix_stream_server;
/* UnixDatagramServer(UDPServer): UDPServer over AF_UNIX; the address is a path. */
extern const ss_server_class ss_unix_datagram_server;

/* The defaults of TCPServer and UDPServer. A subclass that changes one of
 * them gives a whole struct of its own: ss_tcp_defaults' fields, with
 * .allow_reuse_address = true, say (Python: allow_reuse_address = True). */
extern const ss_tcp_attributes ss_tcp_defaults;
/* UDPServer's defaults: ss_tcp_defaults' but SOCK_DGRAM (Python: socket_type = SOCK_DGRAM). */
extern const ss_tcp_attributes ss_udp_defaults;

/* The instance behind server, for its socket and attributes. */
static inline ss_socket_server *
ss_socket_server_of(ss_server *server)
{
	return (ss_socket_server *)server;
}

/* server_bind() through the server's class. TCPServer's (Python's
 * server_bind): the reuse options, bind, then server_address = the address
 * really bound (the real port for port 0); a subclass may extend it, as
 * http.server's HTTPServer does. For the bind_and_activate=false path:
 *     srv = ss_server_new_inactive(&ss_tcp_server, "127.0.0.1:0", &handler, NULL);
 *     ... change ss_socket_server_of(srv)->attributes ...
 *     ss_server_bind(srv); ss_server_activate(srv);                         */
int ss_server_bind(ss_server *server);

/* server_activate() through the server's class: listen (TCP), nothing (UDP). */
int ss_server_activate(ss_server *server);

#endif
