/* designs.h — chapter 8: the two server designs Python's socketserver does
 * not have, as mix-ins over any stream server, composed exactly like
 * chapter 5's (a class's .mixin, attributes and state in a block of the
 * instance — chapter 3's ss_server_attach_state).
 *
 *   ss_pool_mixin      a prethreaded pool: pool_size threads started by
 *                      serve_forever, each serving one connection at a time
 *   ss_prefork_mixin   a preforked server: workers child processes, each
 *                      accepting on the shared listening socket; the parent
 *                      restarts a child that dies
 *
 *   const ss_server_class ss_pool_tcp_server = {
 *           .name = "PoolTCPServer", .base = &ss_tcp_server,
 *           .mixin = &ss_pool_mixin };
 *
 * ---- The pool: two ways to hand a connection to a thread ----------------
 *
 * accept_in_threads = true (the default, Stevens' faster design, UNP 30.7):
 * every pool thread blocks in accept() on the shared listening socket. The
 * kernel queues the waiters and wakes ONE per connection (Linux's
 * exclusive wait on a listening socket), so there is no thundering herd and
 * no hand-off. serve_forever's own thread only waits for the stop.
 *
 * accept_in_threads = false (UNP 30.8): serve_forever's thread runs
 * BaseServer's loop (select, accept) and process_request puts the
 * connection into a bounded queue of queue_size; a pool thread takes it
 * out. Each connection costs a condition-variable signal and a thread wake
 * more. chapter 8 of the book measures both.
 *
 * Back-pressure, no client dropped silently: at most pool_size connections
 * are in service (one per thread). Past that, with accept in the threads,
 * nobody accepts: clients wait in the kernel's listen queue
 * (request_queue_size: give it room, 1024 by default here, or the kernel
 * drops SYNs); with the hand-off, process_request waits for room in the
 * queue, so the serving loop stops accepting.
 *
 * Persistent connections: a pool of N threads serves N connections at once;
 * the N+1st waits until one closes. Size the pool for the connections a
 * server keeps open, not for the CPUs.
 *
 * Stopping: the pool threads keep SIGINT/SIGTERM blocked (a stop is for
 * serve_forever's thread, which waits in ppoll). When serve_forever stops
 * (ss_shutdown, or a stop signal), it calls shutdown(listener, SHUT_RD):
 * on Linux this makes every accept() blocked on that socket return EINVAL
 * at once — the one way to wake N blocked acceptors without waking all N
 * for every connection (a poll on a pipe in each thread would). It then
 * joins the threads: each finishes the connection it serves (after a stop
 * signal, it is told with SIGTERM, as chapter 5's threads are), and
 * serve_forever returns (ss_shutdown returns as soon as the loop has
 * stopped, as BaseServer's does). The SHUT_RD, in both modes, also resets
 * the connections left in the listen queue and refuses new ones: a client
 * sees the server has stopped rather than waiting in a queue nobody takes
 * from (over AF_UNIX, whose SHUT_RD keeps them queued, ss_stop_listening
 * closes them). The next serve_forever makes the socket listen again (a
 * new socket on the same path for AF_UNIX: a shut one stays shut).
 *
 * ---- The preforked server -------------------------------------------------
 *
 * serve_forever forks `workers` children. Each child runs the synchronous
 * loop in miniature: a blocking accept, verify_request, finish_request,
 * shutdown_request, again. The parent waits for a child to exit (pidfds, in
 * a selector, with the stop signals unblocked — chapter 1's ppoll) and forks
 * a replacement: gunicorn's arbiter in miniature. It reaps only its own
 * children (waitpid(pid), never waitpid(-1)). At the stop it wakes the
 * children's accept with shutdown(listener, SHUT_RD) — the listening socket
 * is one open file shared by all of them — tells them with SIGTERM after a
 * stop signal, and reaps every one before serve_forever returns.
 *
 * Both: a stream server (a connection per request); ss_error() and -1
 * (EINVAL) from serve_forever for a datagram server.
 */
#ifndef SS_DESIGNS_H
#define SS_DESIGNS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "base_server.h"
#include "mixins.h"
#include "tcp_server.h"

/*@classes 08-classes "Chapter 8: the pool and the preforked server" */

/*@region design-attributes */
/* The pool's class attributes. */
typedef struct ss_pool_attributes {
	int pool_size;          /* threads, started up front: connections in service at most */
	bool accept_in_threads; /* each thread accepts (true), or a hand-off queue (false) */
	int queue_size;         /* the hand-off queue's room: accepted, not yet served */
} ss_pool_attributes;

/* The preforked server's class attributes. */
typedef struct ss_prefork_attributes {
	int workers;            /* child processes, each serving one connection at a time */
} ss_prefork_attributes;
/*@end design-attributes */

extern const ss_pool_attributes ss_pool_defaults;       /* 32 threads, accept in threads, 32 */
extern const ss_prefork_attributes ss_prefork_defaults; /* 4 workers */

/* The listen backlog both designs' classes below default to (TCPServer's
 * is 5): while every worker is busy, clients wait there. */
#define SS_DESIGNS_REQUEST_QUEUE_SIZE 1024

/* PoolMixIn: N threads made up front serve the connections; compose it over a stream server. */
extern const ss_server_class ss_pool_mixin;
/* PreforkMixIn: N children made up front serve the connections; the parent replaces one that dies. */
extern const ss_server_class ss_prefork_mixin;

extern const ss_server_class ss_pool_tcp_server;           /* PoolMixIn, TCPServer */
extern const ss_server_class ss_pool_unix_stream_server;   /* PoolMixIn, UnixStreamServer */
extern const ss_server_class ss_prefork_tcp_server;        /* PreforkMixIn, TCPServer */
extern const ss_server_class ss_prefork_unix_stream_server;/* PreforkMixIn, UnixStreamServer */

/* The instance's copy of the attributes, to change before serving; NULL
 * when the server has no such mix-in. */
ss_pool_attributes *ss_pool_attributes_of(ss_server *server);
/* The same for PreforkMixIn; NULL when the server has no such mix-in. */
ss_prefork_attributes *ss_prefork_attributes_of(ss_server *server);

/* Introspection. ss_pool_threads: pool threads running now (0 when not
 * serving). ss_pool_in_service: connections being handled right now.
 * ss_prefork_children: live children; ss_prefork_restarts: children forked
 * to replace one that died, since the server was made. ss_prefork_pids
 * copies up to size pids of the live children, returns how many. */
size_t ss_pool_threads(ss_server *server);
size_t ss_pool_in_service(ss_server *server);   /* connections being handled now */
size_t ss_prefork_children(ss_server *server);  /* live children */
size_t ss_prefork_restarts(ss_server *server);  /* children forked to replace a dead one */
size_t ss_prefork_pids(ss_server *server, pid_t *pids, size_t size); /* up to size pids; how many */

/* The blocking accept both designs' workers use: accept4 on a blocking
 * listener with no poll before it (chapter 1's ss_accept waits in ppoll
 * first, so that a stop signal can reach it — and N threads in ppoll on
 * one socket all wake for each connection). EINTR and ECONNABORTED are
 * retried; EMFILE/ENFILE back off (5 ms doubling to 1 s, as Go's
 * net/http server does) so the thread does not spin; a listener shut down
 * (SHUT_RD) gives -1 with EINVAL. */
int ss_blocking_accept(int listen_fd, ss_address *peer);

/* The stop of both designs: shutdown(listener, SHUT_RD) — every accept
 * blocked on it returns EINVAL, new connections are refused — then the
 * connections still queued are closed unserved (TCP's shutdown resets
 * them itself; an AF_UNIX listener keeps them queued). 0, or -1 with
 * errno if the shutdown failed. */
int ss_stop_listening(int listener);

/* Make a stream server's listener, shut down (SHUT_RD) by a stop, listen
 * again — bound again to its port if the shutdown gave the port back (a
 * port the kernel picked); for AF_UNIX, which cannot be un-shut, a new
 * socket bound to the path (its old socket file unlinked) and moved onto
 * the same fd. -1 with ss_error() if it cannot. */
int ss_listen_again(ss_server *server);

#endif
