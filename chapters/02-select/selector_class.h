/* selector_class.h — what a selector backend is, for those who write one.
 *
 * A backend is a class in the book's sense: a const struct of function
 * pointers, one per file (select_backend.c, poll_backend.c). The selector
 * instance keeps the table of registered fds — Python's _fd_to_key, the part
 * every backend shares — and calls its class for the two things that differ:
 * which fds it can watch, and the one system call that waits.
 *
 *   ss_selector_select()                       (selector.c: EINTR, time left)
 *     -> self->cls->select(self, timeout)      (a backend: one select or poll)
 *          sets keys[i].ready for the fds that are ready
 *     <- collects keys[i].ready into the caller's ready[] array
 */
#ifndef SS_SELECTOR_CLASS_H
#define SS_SELECTOR_CLASS_H

#include <stddef.h>

#include "selector.h"

/* One registered fd: Python's SelectorKey. */
typedef struct ss_selector_key {
	int fd;
	int events; /* what to watch: SS_EVENT_READ and/or SS_EVENT_WRITE */
	void *data;
	int ready;  /* set by the backend's select: what happened, within events */
} ss_selector_key;

struct ss_selector {
	const ss_selector_class *cls;
	ss_selector_key *keys; /* keys[0..count): the registered fds, in no order */
	int count;
	int capacity;
	int *position;  /* position[fd]: where fd's key is in keys, or -1 */
	int positions;  /* position[] covers fds 0..positions-1 */
	void *scratch;  /* a backend's per-call array (poll's struct pollfd[]) */
	size_t scratch_size;
	int next_report; /* where collecting ready keys starts next time */
};

/*@region selector-class */
struct ss_selector_class {
	const char *name;    /* the Python class it mirrors: "PollSelector" */
	const char *backend; /* what ss_selector_backend_name() says: "poll" */
	/* May this backend watch fd? 0, or -1 with errno and ss_set_error().
	 * NULL: any fd >= 0. */
	int (*check_fd)(const ss_selector *self, int fd);
	/* Wait once — one system call, no retry — at most timeout seconds
	 * (negative: no limit) and set keys[i].ready (0 for the fds not ready).
	 * Returns > 0 if some fd is ready, 0 on time-out, -1 with errno. */
	int (*select)(ss_selector *self, double timeout);
};
/*@end selector-class */

/* A buffer of at least size bytes that the selector keeps (and frees) for
 * its backend; NULL with errno ENOMEM. */
void *ss_selector_scratch(ss_selector *self, size_t size);

#endif
