/* 1-poll-backend.h — exercise 1 of chapter 2: the poll backend's select. */
#ifndef EXERCISE_1_POLL_BACKEND_H
#define EXERCISE_1_POLL_BACKEND_H

#include "selector_class.h"

/* The `select` method of your PollSelector (selector_class.h says what a
 * backend's select does): wait once with poll(2), at most timeout seconds
 * (negative: no limit), and set self->keys[i].ready for every registered
 * key — the events that happened, within the events it is registered for,
 * 0 if none. Returns poll's answer: > 0 if something is ready, 0 on
 * time-out, -1 with errno (EINTR included: ss_selector_select retries). */
int exercise_poll_select(ss_selector *self, double timeout);

#endif
