/* socketserver.h — the library's public API, one include.
 *
 *     #include <socketserver.h>        cc ... $(pkg-config --cflags --libs socketserver)
 *
 * Each chapter of the book adds a layer; this header includes the public
 * headers of them all, in chapter order, and `make install` installs
 * exactly these. The chapters' other headers are the library's internals:
 * compiled into it, not installed, and named here so that a reader can
 * tell (make test checks that every chapter header is one or the other).
 *
 * Public or internal — the rule, once:
 *   - Everything declared in the headers below is public, and each
 *     declaration (function, macro, type, extern, struct field, class slot)
 *     has its contract in the comment just before it or on its line, as
 *     CPython's docstrings: what it does, when it is called, what it returns,
 *     whether it may be overridden (tools/contracts, in make check-fresh).
 *   - A name that starts with ss__ (two underscores, libuv's uv__) is
 *     internal although an installed header declares it: only because a
 *     public macro or struct needs it (SS_TRACE's plumbing, ss_server's
 *     shutdown handshake). Its comment says "Internal"; a program never
 *     names it, and it may change. A struct field whose comment says
 *     "internal" is the same: the struct must be whole, the field is the
 *     library's.
 *   - Everything else is in the headers not installed, below.
 *
 * Not installed: selector.h selector_class.h class.h deadline.h program.h
 *   selector.h, selector_class.h  serve_forever's wait, chapter 2's layer:
 *                                 the servers use it, a program does not
 *   class.h                       the method resolution (chapter 3):
 *                                 ss_server_new resolves, a program does not
 *   deadline.h                    the waits rfile and wfile share (chapter 6)
 *   program.h                     the book's conventions for its own programs
 */
#ifndef SOCKETSERVER_H
#define SOCKETSERVER_H

/* Chapter 1 — net: addresses, listening sockets, accept, whole sends */
#include "error.h"
#include "stop.h"
#include "net.h"

/* Chapter 3 — BaseServer, BaseRequestHandler, the class model, tracing */
#include "trace.h"
#include "base_server.h"

/* Chapter 4 — TCPServer, UDPServer, UnixStreamServer, UnixDatagramServer */
#include "tcp_server.h"

/* Chapter 5 — ThreadingMixIn, ForkingMixIn and the eight combined servers */
#include "mixins.h"

/* Chapter 6 — StreamRequestHandler, DatagramRequestHandler: rfile and wfile */
#include "request_handlers.h"

/* Chapter 8 — PoolMixIn and PreforkMixIn: the prethreaded and preforked servers */
#include "designs.h"

#endif
