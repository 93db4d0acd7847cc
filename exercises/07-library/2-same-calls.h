/* Exercise 2: a handler whose calls are Python's, call for call.
 * Included by the stub, the solution and the test. */
#ifndef EXERCISE_2_SAME_CALLS_H
#define EXERCISE_2_SAME_CALLS_H

#include <socketserver.h>

/* The C twin of GreetingHandler in 2-same-calls.py, a StreamRequestHandler:
 * setup greets the client ("welcome\n"), handle answers one line in upper
 * case, finish says "bye\n" — and with SS_TRACE=1 it makes the same
 * socketserver calls as the Python class, in the same order, nested the
 * same way. */
extern const ss_handler_class greeting_handler;

#endif
