/* Exercise 1 — a third backend: epoll.
 *
 * The chapter has two backends, select_backend.c and poll_backend.c, and
 * says what epoll would add. Write an epoll backend's select method, the
 * simplest way that is correct: on every call, make an epoll instance, add
 * every registered key to it, wait once, read the answer back into
 * keys[i].ready, and close the instance again. (A real EpollSelector keeps
 * the instance between calls and changes it in register/modify/unregister;
 * this one pays epoll's price on every call, which is Python's reason, in
 * the chapter, for socketserver using poll.)
 *
 * The test plugs your function into a selector class of its own, drives it
 * through ss_selector_select(), and also calls it once directly.
 *
 *   make build/normal/exercises/02-select/1-epoll-backend.learner && \
 *     build/normal/exercises/02-select/1-epoll-backend.learner
 */
#include "1-epoll-backend.h"

#include <errno.h>
#include <sys/epoll.h>
#include <unistd.h>

int
exercise_epoll_select(ss_selector *self, double timeout)
{
	/* TODO: 1. epoll_create1(EPOLL_CLOEXEC): an fd of its own, closed on
	 *          every way out of this function.
	 *       2. epoll_ctl(EPOLL_CTL_ADD) each self->keys[i].fd, with
	 *          SS_EVENT_READ -> EPOLLIN, SS_EVENT_WRITE -> EPOLLOUT, and
	 *          something in the event's data that says which key it is.
	 *       3. epoll_wait() with the timeout in whole milliseconds (an int),
	 *          negative -> -1 (no limit). Read the hint before you convert.
	 *       4. Every key's ready = 0, then for each event epoll_wait
	 *          returned: what happened, as SS_EVENT_READ / SS_EVENT_WRITE,
	 *          within that key's events. EPOLLHUP and EPOLLERR (reported
	 *          whether asked or not) wake readers and writers both.
	 *       Return what epoll_wait returned (-1 keeps its errno). */
	(void)self;
	(void)timeout;
	errno = ENOSYS;
	return -1;
}
