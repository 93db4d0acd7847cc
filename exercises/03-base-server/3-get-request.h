/* 3-get-request.h — exercise 3 of chapter 3: a BaseServer subclass of your own. */
#ifndef EXERCISE_3_GET_REQUEST_H
#define EXERCISE_3_GET_REQUEST_H

#include "base_server.h"

/* RecordServer: its requests are records of EXERCISE_RECORD_SIZE bytes that
 * arrive on a pipe (or any fd), in `input`. */
#define EXERCISE_RECORD_SIZE 8

typedef struct record_server {
	ss_server base;   /* first: a record_server * is an ss_server * */
	int input;        /* where the records come from */
	unsigned records; /* how many get_request has read so far */
} record_server;

/* The class, with your fileno and get_request in it (record_server_class is
 * defined in the exercise file; the test makes servers of it). */
extern const ss_server_class record_server_class;

/* fileno: the fd serve_forever and handle_request wait on — input. */
int exercise_record_fileno(ss_server *self);

/* get_request: read one whole record from input — read() may return fewer
 * bytes than asked, so read until all EXERCISE_RECORD_SIZE have come —
 * into a malloc'd buffer, hand it over in request->data, count it in
 * records. Returns 0; or -1 with errno and ss_set_error() when no whole
 * record came (the end of input, an error): then nothing stays allocated. */
int exercise_record_get_request(ss_server *self, ss_request *request, ss_address *client_address);

#endif
