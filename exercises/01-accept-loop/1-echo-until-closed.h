/* Exercise 1: the conversation loop. Included by the stub, the solution and the test. */
#ifndef EXERCISE_1_ECHO_UNTIL_CLOSED_H
#define EXERCISE_1_ECHO_UNTIL_CLOSED_H

/* Echo every byte received on the connected socket fd back to it, until the
 * peer closes its side. Returns 0 once the peer has closed (a receive gave 0
 * bytes), -1 if a receive or a send failed (a reset, say; errno tells which).
 * Does not close fd: the caller owns it. */
int echo_until_closed(int fd);

#endif
