/* 1-give-up.h — exercise 1 of chapter 3: handle_timeout, overridden. */
#ifndef EXERCISE_1_GIVE_UP_H
#define EXERCISE_1_GIVE_UP_H

#include <stdbool.h>

#include "base_server.h"

/* PatientServer: a BaseServer subclass whose requests are single bytes on a
 * pipe (its fileno, get_request and close_request are given). It is run by
 * a loop of handle_request calls, as Python's
 *
 *     while not server.gave_up:
 *         server.handle_request()
 *
 * and it gives up after max_timeouts time-outs in a row: handle_request
 * calls handle_timeout each time server->base.timeout passes without a
 * request. A request that arrives starts the count again. */
typedef struct patient_server {
	ss_server base;        /* first: a patient_server * is an ss_server * */
	int input;             /* where the request bytes come from */
	unsigned max_timeouts; /* give up after this many in a row (set by the caller) */
	unsigned timeouts;     /* time-outs since the last request */
	bool gave_up;          /* the loop above stops once this is true */
} patient_server;

extern const ss_server_class patient_server_class;

/* handle_timeout: one more time-out in a row; at max_timeouts, gave_up. */
void exercise_patient_handle_timeout(ss_server *self);

/* process_request: a request came, so the time-outs so far were not in a
 * row with the next ones; then process it as BaseServer does (super). */
int exercise_patient_process_request(ss_server *self, ss_request *request,
                                     const ss_address *client_address);

#endif
