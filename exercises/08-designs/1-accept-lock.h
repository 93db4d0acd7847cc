/* Exercise 1: an accept lock for the preforked children (Stevens, UNP
 * 30.7: "file locking around accept"). Included by the stub, the solution
 * and the test. */
#ifndef EXERCISE_1_ACCEPT_LOCK_H
#define EXERCISE_1_ACCEPT_LOCK_H

#include "designs.h"

/* An instance: a PreforkTCPServer instance (chapter 4's ss_socket_server;
 * the mix-in keeps its own state elsewhere), then the lock file. */
typedef struct locked_server {
	ss_socket_server base; /* first: a locked_server * is an ss_server * */
	int lock_fd;           /* an unlinked temporary file; the children inherit it */
} locked_server;

/* class LockedPreforkTCPServer(PreforkTCPServer): its get_request takes an
 * fcntl write lock on lock_fd (F_SETLKW: it waits), accepts through
 * PreforkMixIn's get_request, and releases the lock — so at most one child
 * is in accept at a time, and the others wait on the lock instead. */
extern const ss_server_class locked_prefork_tcp_server;

#endif
