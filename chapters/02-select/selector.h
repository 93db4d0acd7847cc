/* selector.h — chapter 2, layer `selector`: wait for many fds at once.
 *
 * Python's `selectors` module, the part socketserver uses: register an fd
 * with the events to watch and a pointer of yours, then select() returns the
 * fds that are ready. Two backends behind one interface, as in Python:
 *
 *   ss_select_selector  select(2) — SelectSelector; fds must be < FD_SETSIZE
 *   ss_poll_selector    poll(2)   — PollSelector; no such limit. The default.
 *
 *   ss_selector *s = ss_selector_new(ss_default_selector);
 *   ss_selector_register(s, listener, SS_EVENT_READ, NULL);
 *   n = ss_selector_select(s, 0.5, ready, capacity);   // 0: timed out
 *   ss_selector_free(s);
 */
#ifndef SS_SELECTOR_H
#define SS_SELECTOR_H

#include <stdbool.h>

/* What to watch for, and what happened: a bit set. */
enum {
	SS_EVENT_READ = 1 << 0,  /* readable: data, a connection to accept, EOF, an error */
	SS_EVENT_WRITE = 1 << 1, /* writable: room in the send buffer */
};

/* One ready fd, as select() reports it: the events that happened and the
 * pointer given at registration (Python's SelectorKey.data). */
typedef struct ss_selector_ready {
	int fd;
	int events;
	void *data;
} ss_selector_ready;

typedef struct ss_selector_class ss_selector_class; /* a backend */
typedef struct ss_selector ss_selector;

extern const ss_selector_class ss_select_selector;
extern const ss_selector_class ss_poll_selector;
/* The backend socketserver uses: poll, as Python's _ServerSelector. */
extern const ss_selector_class *const ss_default_selector;

/* A new, empty selector with the given backend; NULL with errno on failure. */
ss_selector *ss_selector_new(const ss_selector_class *backend);
void ss_selector_free(ss_selector *selector);

/* "select" or "poll". */
const char *ss_selector_backend_name(const ss_selector *selector);

/* Watch fd for events (SS_EVENT_READ and/or SS_EVENT_WRITE) with data.
 * -1 with errno: EEXIST (already registered), EINVAL (no events, fd < 0),
 * and for the select backend an fd >= FD_SETSIZE, which select(2) cannot
 * watch: that is refused here (EINVAL, with a message saying so) rather than
 * corrupting memory later. */
int ss_selector_register(ss_selector *selector, int fd, int events, void *data);

/* Change what fd is watched for, and its data. -1/ENOENT if not registered. */
int ss_selector_modify(ss_selector *selector, int fd, int events, void *data);

/* Stop watching fd. -1/ENOENT if not registered. */
int ss_selector_unregister(ss_selector *selector, int fd);

/* The number of fds registered. */
int ss_selector_count(const ss_selector *selector);

/* Wait until at least one registered fd is ready, or timeout seconds pass
 * (negative: no limit; 0: just look). Fills ready[0..n) with at most
 * capacity entries and returns n; 0 means the time ran out. EINTR is retried
 * with the time that is left — unless a stop was requested (stop.h): then -1
 * with errno EINTR. */
int ss_selector_select(ss_selector *selector, double timeout, ss_selector_ready *ready,
                       int capacity);

/* Seconds on a clock that only goes forward, for deadlines: one computed on
 * the wall clock would move if someone set the date (Python:
 * time.monotonic). ss_selector_select's deadline uses it, and so may any
 * caller that waits with a deadline of its own. */
double ss_monotonic_seconds(void);

#endif
