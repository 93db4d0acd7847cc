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

#endif
