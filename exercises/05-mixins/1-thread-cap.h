/* Exercise 1: ThreadingTCPServer with a cap on its handler threads.
 * Included by the stub, the solution and the test. */
#ifndef EXERCISE_1_THREAD_CAP_H
#define EXERCISE_1_THREAD_CAP_H

#include <pthread.h>

#include "mixins.h"

/* An instance of the capped server: a ThreadingTCPServer instance (chapter
 * 4's ss_socket_server; the mix-in keeps its own state elsewhere), then the
 * cap and the count of handlers running now, under their lock. */
typedef struct capped_server {
	ss_socket_server base; /* first: a capped_server * is an ss_server * */
	pthread_mutex_t lock;
	pthread_cond_t slot_freed; /* signalled when a handler ends */
	int max_threads;           /* at most this many handlers at once; default 2 */
	int running;               /* handlers running (or starting) now */
} capped_server;

/* class CappedThreadingTCPServer(ThreadingTCPServer): its process_request
 * waits, while max_threads handlers are running, for one of them to end —
 * back-pressure, as ForkingMixIn's max_children gives the forking servers. */
extern const ss_server_class capped_threading_tcp_server;

/* server.max_threads = n, before serving (n >= 1). */
void capped_set_max_threads(ss_server *server, int max_threads);

#endif
