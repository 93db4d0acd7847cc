/* 2-every-other.h — exercise 2 of chapter 3: verify_request, overridden. */
#ifndef EXERCISE_2_EVERY_OTHER_H
#define EXERCISE_2_EVERY_OTHER_H

#include <stdbool.h>

#include "base_server.h"

/* TakeTurnsServer: a BaseServer subclass whose requests are single bytes on
 * a pipe (fileno, get_request and close_request are given; close_request
 * frees the request's byte and counts it in `closed`). It lets in the 1st,
 * 3rd, 5th ... request and turns away the 2nd, 4th, 6th ..., counting them
 * in `refused`. */
typedef struct take_turns_server {
	ss_server base;    /* first: a take_turns_server * is an ss_server * */
	int input;         /* where the request bytes come from */
	unsigned seen;     /* requests verify_request has been asked about */
	unsigned refused;  /* of those, how many it turned away */
	unsigned closed;   /* requests close_request has freed (given) */
} take_turns_server;

extern const ss_server_class take_turns_server_class;

/* verify_request: true for the 1st, 3rd, ... request, false (and counted
 * in refused) for the 2nd, 4th, ... */
bool exercise_take_turns_verify_request(ss_server *self, ss_request *request,
                                        const ss_address *client_address);

#endif
