/* Exercise 3: a receive that survives signals. Included by the stub, the
 * solution and the test. */
#ifndef EXERCISE_3_READ_SOME_H
#define EXERCISE_3_READ_SOME_H

#include <stddef.h>
#include <sys/types.h>

/* Receive up to size bytes from the socket fd, waiting until some arrive.
 * Returns how many arrived, 0 if the peer has closed, -1 with errno on an
 * error. A signal that interrupts the wait (EINTR) does not end it — unless
 * a stop has been requested (stop.h): then -1 with errno EINTR. */
ssize_t read_some(int fd, void *buffer, size_t size);

#endif
