/* Exercise 1: an echo that counts, and reports after the client's half-close.
 * Included by the stub, the solution and the test. */
#ifndef EXERCISE_1_ECHO_AND_COUNT_H
#define EXERCISE_1_ECHO_AND_COUNT_H

#include <sys/types.h>

/* Echo every byte received on the connected socket fd back to it, until the
 * peer closes its sending side. Then send one last line, "N bytes\n" (N the
 * number of bytes echoed, in decimal), and return N. Returns -1 if a
 * receive or a send failed (a reset, say; errno tells which). Does not
 * close fd: the caller owns it. */
ssize_t echo_and_count(int fd);

#endif
