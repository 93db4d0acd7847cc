/* socketserver.h — the whole library, one include.
 *
 * Each chapter of the book adds a layer; this header includes them all, in
 * chapter order. (make test checks that every chapter header is listed.)
 */
#ifndef SOCKETSERVER_H
#define SOCKETSERVER_H

/* Chapter 1 — net: addresses, listening sockets, accept, whole sends */
#include "error.h"
#include "stop.h"
#include "net.h"
#include "program.h"

/* Chapter 2 — selector: select() and poll() behind one interface */
#include "selector.h"
#include "selector_class.h"

/* Chapter 3 — BaseServer, BaseRequestHandler, the class model, tracing */
#include "trace.h"
#include "base_server.h"

/* Chapter 4 — TCPServer, UDPServer, UnixStreamServer, UnixDatagramServer */
#include "tcp_server.h"

/* Chapter 5 — ThreadingMixIn, ForkingMixIn and the eight combined servers */
#include "mixins.h"

#endif
