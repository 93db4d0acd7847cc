/* Exercise 3: a DatagramRequestHandler that adds up a packet's numbers.
 * Included by the stub, the solution and the test. */
#ifndef EXERCISE_3_DATAGRAM_SUM_H
#define EXERCISE_3_DATAGRAM_SUM_H

#include "request_handlers.h"

/* Each request is one datagram of numbers, one a line (the last line may
 * lack its newline). The reply, one datagram: "sum N\n" — or, for a line
 * that is not a whole number, "error: line K is not a number\n" and handle
 * fails (-1, so handle_error reports it). */
extern const ss_handler_class datagram_sum_handler;

#endif
