/* net.h — chapter 1, layer `net`: the socket life cycle a server goes through.
 *
 *   address text --ss_address_parse--> ss_address
 *   ss_socket_open -> [ss_socket_reuse_address] -> ss_socket_bind -> ss_socket_listen
 *   ss_accept (again and again) -> ss_recv / ss_send_all -> close
 *
 * ss_listen() does the whole first line for the common case. Every function
 * returns -1 and sets errno on failure, and leaves a message naming the
 * address in ss_error().
 */
#ifndef SS_NET_H
#define SS_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "error.h"
#include "stop.h"

/* Room for any address as text: "[v6 address%scope]:port" or a socket path. */
#define SS_ADDRESS_TEXT_MAX 160

/* A socket address of any family, and its length, as bind() and accept()
 * want them. Python's server_address tuple, in C. */
/*@region address-type */
typedef struct ss_address {
	struct sockaddr_storage storage; /* the address: cast to sockaddr_in, _in6, _un */
	socklen_t length;                /* how many bytes of storage are the address */
} ss_address;
/*@end address-type */

/* Parse "host:port", "[v6addr]:port" or ":port" (all interfaces). The host
 * may be a name ("localhost"), resolved once here; port 0 means "any free
 * port". A malformed text gives EINVAL; a host that does not resolve gives
 * EADDRNOTAVAIL. */
int ss_address_parse(const char *text, ss_address *out);

/* A filesystem path as an AF_UNIX address (the Unix kinds of chapter 4).
 * A path longer than a sockaddr_un can hold gives ENAMETOOLONG, an empty
 * one EINVAL. */
int ss_unix_address_parse(const char *path, ss_address *out);

/* Does a client's address text name a Unix socket? Yes if it has a '/':
 * "/tmp/echo.sock", "./echo.sock" (host:port texts never do). */
bool ss_address_is_path(const char *text);

/* Write an address as text in the form ss_address_parse() reads ("" for an
 * unnamed address, a path for AF_UNIX). Returns buffer. */
const char *ss_address_format(const ss_address *address, char *buffer, size_t size);

/* The address family (AF_INET, AF_INET6, AF_UNIX, ...). */
int ss_address_family(const ss_address *address);

/* The port of an AF_INET/AF_INET6 address, -1 for other families. */
int ss_address_port(const ss_address *address);

/* socket(family, type) with close-on-exec set, so that a program the server
 * starts does not inherit its sockets. */
int ss_socket_open(int family, int type);

/* SO_REUSEADDR on or off, before bind (Python's allow_reuse_address).
 * Returns 0, or -1 with errno. */
int ss_socket_reuse_address(int fd, bool on);

/* SO_REUSEPORT on or off, before bind (Python's allow_reuse_port). Returns
 * 0, or -1 with errno and a message. */
int ss_socket_reuse_port(int fd, bool on);

/* bind(): give fd the address. Returns 0, or -1 with a message naming it. */
int ss_socket_bind(int fd, const ss_address *address);

/* listen(): accept connections on fd, at most backlog queued. Returns 0, or
 * -1 with a message naming the address. */
int ss_socket_listen(int fd, int backlog);

/* getsockname(): the address really bound, with the real port for port 0. */
int ss_socket_local_address(int fd, ss_address *out);

/* Parse, open, [reuse], bind and listen, in one call. On success returns the
 * listening fd and, if bound is not NULL, the address really bound. On failure
 * closes what it opened and returns -1. */
int ss_listen(const char *address, int backlog, bool reuse_address, ss_address *bound);

/* The client's side: parse address, open a socket of type (SOCK_STREAM or
 * SOCK_DGRAM), connect. The address is host:port, [v6addr]:port, or a path
 * (ss_address_is_path) for a Unix socket. Returns the connected fd, or -1
 * with a message naming the address. ss_connect is the common case, a
 * stream. (A datagram socket's connect only fixes its peer; a Unix datagram
 * client must also bind a path of its own first, or no answer can reach it:
 * chapter 4's upper-client does that.) */
int ss_connect(const char *address);

/* ss_connect for a socket of type, bound first to local if not NULL (a Unix
 * datagram client's own path). Returns the connected fd, or -1. */
int ss_connect_socket(const char *address, int type, const ss_address *local);

/* Accept one connection: returns the connected fd (close-on-exec, set
 * atomically by accept4) and, if
 * peer is not NULL, the client's address.
 *  - EINTR is retried (unless a stop was requested, see stop.h);
 *  - ECONNABORTED (the client left while queued) is skipped: it waits for the
 *    next connection instead;
 *  - EMFILE/ENFILE (no fd left): the pending connection is accepted with a
 *    reserved fd and closed at once, so the listening socket does not stay
 *    readable and a poll loop does not spin; returns -1 with errno EMFILE.
 *  - on a non-blocking socket with nothing pending: -1 with EAGAIN. */
int ss_accept(int listen_fd, ss_address *peer);

/* Receive up to size bytes; 0 means the peer closed. EINTR is retried; on
 * a blocking fd it blocks in recv inside a stop window (stop.h): a stop
 * signal ends the wait with -1/EINTR (and shuts the socket's reading side);
 * a non-blocking fd with nothing to read gives EAGAIN. After a stop request
 * it never waits: what has arrived, else -1/EINTR. */
ssize_t ss_recv(int fd, void *buffer, size_t size);

/* Is O_NONBLOCK set on fd? (ss_accept waits only on a blocking listener.) */
bool ss_is_nonblocking(int fd);

/* Send all size bytes, however many send() calls it takes (Python's
 * sendall). A peer that has gone gives -1 with EPIPE or ECONNRESET — never
 * SIGPIPE, which would kill the whole server. When the peer reads slowly it
 * waits (ss_wait_fd), even on a non-blocking fd. Returns size. */
ssize_t ss_send_all(int fd, const void *data, size_t size);

/* The whole `net` layer keeps one spare fd for ss_accept's EMFILE case; it is
 * opened by the first ss_listen()/ss_accept() and kept for the process's life.
 * Tests that count fds call this first so the spare is not counted as a leak. */
void ss_reserve_fd_init(void);

#endif
