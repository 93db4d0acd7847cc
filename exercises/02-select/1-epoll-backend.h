/* 1-epoll-backend.h — exercise 1 of chapter 2: a third backend, epoll. */
#ifndef EXERCISE_1_EPOLL_BACKEND_H
#define EXERCISE_1_EPOLL_BACKEND_H

#include "selector_class.h"

/* The `select` method of an EpollSelector (selector_class.h says what a
 * backend's select does): wait once with epoll(7), at most timeout seconds
 * (negative: no limit), and set self->keys[i].ready for every registered
 * key — the events that happened, within the events it is registered for,
 * 0 if none. Returns > 0 if something is ready, 0 on time-out, -1 with errno
 * (EINTR included: ss_selector_select retries). Leaves no fd open behind it. */
int exercise_epoll_select(ss_selector *self, double timeout);

#endif
