/* Exercise 2: a TCPServer that serves only clients on this machine.
 * Included by the stub, the solution and the test. */
#ifndef EXERCISE_2_LOOPBACK_ONLY_H
#define EXERCISE_2_LOOPBACK_ONLY_H

#include "tcp_server.h"

/* TCPServer with verify_request overridden: true for a client address on
 * the loopback network (IPv4 127.0.0.0/8, IPv6 ::1, and 127.x.y.z written as
 * the IPv6 address ::ffff:127.x.y.z), false for any other. */
extern const ss_server_class loopback_only_server;

#endif
