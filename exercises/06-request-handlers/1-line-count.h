/* Exercise 1: a handler that numbers the lines of its conversation.
 * Included by the stub, the solution and the test. */
#ifndef EXERCISE_1_LINE_COUNT_H
#define EXERCISE_1_LINE_COUNT_H

#include "request_handlers.h"

/* A StreamRequestHandler whose handle answers each line with its number in
 * this conversation and the line: "1: hello\n", "2: world\n"... — a last line
 * without a newline gets one added — and, when the client closes, "N lines\n"
 * ("0 lines\n" for a client that said nothing). */
extern const ss_handler_class line_count_handler;

#endif
