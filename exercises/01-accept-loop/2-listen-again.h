/* Exercise 2: a listening socket a restarted server can open again at once.
 * Included by the stub, the solution and the test. */
#ifndef EXERCISE_2_LISTEN_AGAIN_H
#define EXERCISE_2_LISTEN_AGAIN_H

/* Listen on address ("host:port", as ss_address_parse reads it) with
 * SO_REUSEADDR, so that it succeeds even while connections of an earlier run
 * on the same port wait in TIME_WAIT. Returns the listening fd, or -1 with
 * errno and ss_error() set, having closed whatever it opened. */
int listen_again(const char *address);

#endif
