/* 2-shutdown-handshake.h — exercise 2 of chapter 3: shutdown(). */
#ifndef EXERCISE_2_SHUTDOWN_HANDSHAKE_H
#define EXERCISE_2_SHUTDOWN_HANDSHAKE_H

#include "base_server.h"

/* A shutdown method, Python's BaseServer.shutdown, done better: tell
 * serve_forever to stop, and wait until it has stopped — except when there
 * is nothing to wait for (serve_forever is not running), or when waiting
 * could never end (called on the thread that runs serve_forever, from a
 * handler). It works on self->shutdown (base_server.h, ss_shutdown_state),
 * the state BaseServer's serve_forever keeps: under self->shutdown.lock,
 * `requested` is read by the loop at every pass, `serving` and
 * `serving_thread` say who serves, and serve_forever broadcasts
 * `self->shutdown.changed` when it returns, with `serving` false again. */
void exercise_shutdown(ss_server *self);

#endif
