/* Exercise 2: gunicorn's max_requests for the preforked server — a child
 * ends after serving max_requests connections, and the arbiter starts a
 * fresh one (a guard against a handler that leaks memory). Included by the
 * stub, the solution and the test. */
#ifndef EXERCISE_2_MAX_REQUESTS_H
#define EXERCISE_2_MAX_REQUESTS_H

#include "designs.h"

/* An instance: a PreforkTCPServer instance, then the limit and the count.
 * The count is the child's own: each child has its copy of this struct
 * (fork copies the memory), counting from 0. */
typedef struct recycling_server {
	ss_socket_server base; /* first: a recycling_server * is an ss_server * */
	int max_requests;      /* connections a child serves before it ends; default 3 */
	int served;            /* in a child: connections it has served */
} recycling_server;

/* class RecyclingPreforkTCPServer(PreforkTCPServer): its process_request
 * serves the connection (super.process_request: BaseServer's, synchronous,
 * in the child), counts it, and returns SS_SYSTEM_EXIT once the count
 * reaches max_requests — PreforkMixIn's child then ends, and the parent
 * forks another in its place. */
extern const ss_server_class recycling_prefork_tcp_server;

#endif
