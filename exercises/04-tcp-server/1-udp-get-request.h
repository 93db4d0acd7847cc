/* Exercise 1: UDPServer's get_request, written by you.
 * Included by the stub, the solution and the test. */
#ifndef EXERCISE_1_UDP_GET_REQUEST_H
#define EXERCISE_1_UDP_GET_REQUEST_H

#include "tcp_server.h"

/* A UDPServer whose get_request is yours: .base = &ss_udp_server,
 * .get_request = my_udp_get_request. Everything else is UDPServer's — its
 * close_request will free(request->packet) after each request. */
extern const ss_server_class my_udp_server;

#endif
