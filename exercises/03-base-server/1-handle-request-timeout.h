/* 1-handle-request-timeout.h — exercise 1 of chapter 3: handle_request's
 * time limit. */
#ifndef EXERCISE_1_HANDLE_REQUEST_TIMEOUT_H
#define EXERCISE_1_HANDLE_REQUEST_TIMEOUT_H

#include "base_server.h"

/* A handle_request method, Python's BaseServer.handle_request: wait until
 * the server's fileno is readable, at most self->timeout seconds
 * (SS_NO_TIMEOUT: for ever; 0: just look), then handle exactly one request
 * (exercise_handle_waiting_request, given). If the time runs out first, call
 * self->cls->handle_timeout(self) — once — and return 0. Returns 0, or -1
 * with errno if waiting failed. */
int exercise_handle_request(ss_server *self);

/* Given: one request, known to be waiting — get, verify, process, as
 * BaseServer's _handle_request_noblock. */
void exercise_handle_waiting_request(ss_server *self);

#endif
