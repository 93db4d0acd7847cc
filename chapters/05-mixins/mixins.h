/* mixins.h — chapter 5: ThreadingMixIn, ForkingMixIn and the eight combined
 * servers. Python's mix-ins (Lib/socketserver.py), composed over chapter 4's
 * servers through the class model of chapter 3.
 *
 *   ss_threading_mixin   process_request starts a thread per request
 *   ss_forking_mixin     process_request forks a child per request
 *
 * A combined class is a class with an empty body, a mix-in and a base —
 * Python's `class ThreadingTCPServer(ThreadingMixIn, TCPServer): pass`:
 *
 *   const ss_server_class ss_threading_tcp_server = {
 *           .name = "ThreadingTCPServer",
 *           .base = &ss_tcp_server,
 *           .mixin = &ss_threading_mixin,
 *   };
 *
 * Its resolution order is ThreadingTCPServer, ThreadingMixIn, TCPServer,
 * BaseServer: the mix-in's process_request and server_close win, the rest is
 * TCPServer's. A program composes its own the same way, over any server
 * class — its own subclass of TCPServer, or even a BaseServer subclass.
 *
 * ---- Attributes ---------------------------------------------------------
 *
 * Each mix-in brings its own attributes, as one struct (chapter 3's rule:
 * defaults as a whole struct, never field by field), and keeps them — with
 * the rest of its state — in a block of the instance that belongs to it
 * (chapter 3's ss_server_attach_state), found by the mix-in's class. The
 * server under it keeps its own attributes (request_queue_size, ...):
 * nothing shadows anything. Defaults, as in Python:
 *
 *   ThreadingMixIn   daemon_threads = false, block_on_close = true
 *   ForkingMixIn     max_children = 40, block_on_close = true, timeout = 300
 *
 * (ForkingMixIn.timeout is BaseServer's timeout, which ForkingMixIn gives
 * another default, as Python's class attribute shadows BaseServer's None.)
 * A program changes them on an instance, before serving, with the setters
 * below (Python: server.daemon_threads = True); a class changes their
 * defaults by subclassing the mix-in with .attributes of the mix-in's type:
 *
 *   static const ss_threading_attributes daemon = {.daemon_threads = true,
 *                                                  .block_on_close = true};
 *   static const ss_server_class daemon_threading_mixin = {
 *           .name = "DaemonThreadingMixIn", .base = &ss_threading_mixin,
 *           .attributes = &daemon };
 *
 * A setter returns -1 with EINVAL (and a message) when the server has no
 * such mix-in; a getter then returns the mix-in's default.
 *
 * ---- Introspection (seed 001's "who am I") ------------------------------
 *
 *   ss_threading_live_threads(server)   handler threads running right now
 *                                       (daemon or not); 0 if not threading
 *   ss_threading_thread_count(server)   threads server_close will join:
 *                                       Python's len(server._threads) —
 *                                       finished ones are reaped as new
 *                                       ones start, so it stays small
 *   ss_forking_active_children(server)  children forked and not yet reaped:
 *                                       Python's len(active_children or ());
 *                                       0 if not forking
 *
 * ---- Lifetime -----------------------------------------------------------
 *
 * Every handler thread holds a reference to the server instance (chapter 3's
 * ss_server_retain), as Python's thread holds `self` through its target. A
 * daemon thread (or any thread server_close does not join) that is still
 * running when the program calls ss_server_free keeps the memory alive; the
 * last reference frees it. The program's own objects (the user pointer) are
 * the program's to keep alive.
 */
#ifndef SS_MIXINS_H
#define SS_MIXINS_H

#include <stdbool.h>
#include <stddef.h>

#include "base_server.h"
#include "tcp_server.h"

/*@classes 05-classes "Chapter 5: the twelve server classes and the two mix-ins" */

/*@region mixin-attributes */
/* ThreadingMixIn's class attributes. */
typedef struct ss_threading_attributes {
	bool daemon_threads; /* Python's t.daemon: server_close does not wait for it */
	bool block_on_close; /* server_close joins the handler threads still running */
} ss_threading_attributes;

/* ForkingMixIn's class attributes. */
typedef struct ss_forking_attributes {
	int max_children;    /* at most this many children at once: back-pressure */
	bool block_on_close; /* server_close waits for every child */
	double timeout;      /* BaseServer's timeout, ForkingMixIn's default: 300 */
} ss_forking_attributes;
/*@end mixin-attributes */

/* ThreadingMixIn's defaults: daemon_threads false, block_on_close true. */
extern const ss_threading_attributes ss_threading_defaults;
/* ForkingMixIn's defaults: max_children 40, block_on_close true, timeout 300. */
extern const ss_forking_attributes ss_forking_defaults;

/* The two mix-ins. Neither has a base: a mix-in is composed in front of one
 * (a class's .mixin), never made on its own. ThreadingMixIn: process_request
 * starts a thread per request; server_close joins them (block_on_close). */
extern const ss_server_class ss_threading_mixin;
/* ForkingMixIn: process_request forks a child per request, at most
 * max_children at once; service_actions and handle_timeout reap them. */
extern const ss_server_class ss_forking_mixin;

/* The eight combined classes, by Python's names. */
extern const ss_server_class ss_threading_tcp_server;           /* ThreadingMixIn, TCPServer */
extern const ss_server_class ss_threading_udp_server;           /* ThreadingMixIn, UDPServer */
extern const ss_server_class ss_forking_tcp_server;             /* ForkingMixIn, TCPServer */
extern const ss_server_class ss_forking_udp_server;             /* ForkingMixIn, UDPServer */
extern const ss_server_class ss_threading_unix_stream_server;   /* ThreadingMixIn, UnixStreamServer */
extern const ss_server_class ss_threading_unix_datagram_server; /* ThreadingMixIn, UnixDatagramServer */
extern const ss_server_class ss_forking_unix_stream_server;     /* ForkingMixIn, UnixStreamServer */
extern const ss_server_class ss_forking_unix_datagram_server;   /* ForkingMixIn, UnixDatagramServer */

/* The instance's own copy of ThreadingMixIn's attributes, to read or change
 * before serving; NULL when the server has no such mix-in. */
ss_threading_attributes *ss_threading_attributes_of(ss_server *server);
/* The same for ForkingMixIn's attributes; NULL when the server has none. */
ss_forking_attributes *ss_forking_attributes_of(ss_server *server);

/* Set Python's server.daemon_threads (ThreadingMixIn); 0, or -1 with EINVAL. */
int ss_set_daemon_threads(ss_server *server, bool daemon_threads);
/* Python's server.daemon_threads; the default if the server has no ThreadingMixIn. */
bool ss_daemon_threads(ss_server *server);

/* Set Python's server.block_on_close, of whichever mix-in the server has; 0, or -1. */
int ss_set_block_on_close(ss_server *server, bool block_on_close);
/* Python's server.block_on_close; the default if the server has no mix-in. */
bool ss_block_on_close(ss_server *server);

/* Set Python's server.max_children (ForkingMixIn), at least 1; 0, or -1 with EINVAL. */
int ss_set_max_children(ss_server *server, int max_children);
/* Python's server.max_children; the default if the server has no ForkingMixIn. */
int ss_max_children(ss_server *server);

/* Set Python's server.timeout (BaseServer's, for handle_request): seconds, or
 * SS_NO_TIMEOUT for None. Every server has one. */
void ss_set_timeout(ss_server *server, double seconds);
/* Python's server.timeout: seconds, or SS_NO_TIMEOUT for None. */
double ss_timeout(const ss_server *server);

/* Handler threads running right now (daemon or not); 0 if not threading. */
size_t ss_threading_live_threads(ss_server *server);
/* Threads server_close will join: Python's len(server._threads). */
size_t ss_threading_thread_count(ss_server *server);
/* Children forked and not yet reaped: Python's len(active_children or ()). */
size_t ss_forking_active_children(ss_server *server);

#endif
