/* selector.c — the selector every backend shares: a new one, the wait with
 * its EINTR retry, and handing the ready fds to the caller. */
#include "selector_class.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "error.h"
#include "stop.h"

/* Python's socketserver: `_ServerSelector = selectors.PollSelector` if the
 * platform has poll(), else SelectSelector. Linux has it. */
const ss_selector_class *const ss_default_selector = &ss_poll_selector;

ss_selector *
ss_selector_new(const ss_selector_class *backend)
{
	ss_selector *self;

	if (backend == NULL) {
		ss_set_error("cannot make a selector: no backend given");
		errno = EINVAL;
		return NULL;
	}
	self = calloc(1, sizeof *self);
	if (self == NULL) {
		ss_set_error("cannot make a selector: %s", strerror(errno));
		return NULL;
	}
	self->cls = backend;
	return self;
}

void
ss_selector_free(ss_selector *self)
{
	if (self == NULL)
		return;
	/* Like Python's selector.close(): the fds stay open, they are the caller's. */
	free(self->keys);
	free(self->position);
	free(self->scratch);
	free(self);
}

const char *
ss_selector_backend_name(const ss_selector *self)
{
	return self->cls->backend;
}

int
ss_selector_count(const ss_selector *self)
{
	return self->count;
}

void *
ss_selector_scratch(ss_selector *self, size_t size)
{
	if (size == 0)
		size = 1;
	if (size > self->scratch_size) {
		void *bigger = realloc(self->scratch, size);
		if (bigger == NULL) {
			ss_set_error("cannot wait: %s", strerror(ENOMEM));
			errno = ENOMEM;
			return NULL;
		}
		self->scratch = bigger;
		self->scratch_size = size;
	}
	return self->scratch;
}

double
ss_monotonic_seconds(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* Copy the ready keys into ready[0..capacity). When more fds are ready than
 * there is room for, the rest stay ready (select and poll report a ready fd
 * again and again, "level-triggered") and the next call starts after the last
 * one reported, so that no fd is left behind for ever. */
static int
collect_ready(ss_selector *self, ss_selector_ready *ready, int capacity)
{
	int n = 0;
	int start = self->count > 0 ? self->next_report % self->count : 0;

	self->next_report = 0;
	for (int step = 0; step < self->count; step++) {
		int i = (start + step) % self->count;
		ss_selector_key *key = &self->keys[i];

		if (key->ready == 0)
			continue;
		if (n == capacity) {
			self->next_report = i; /* the first one left out */
			break;
		}
		ready[n].fd = key->fd;
		ready[n].events = key->ready;
		ready[n].data = key->data;
		n++;
	}
	return n;
}

int
ss_selector_select(ss_selector *self, double timeout, ss_selector_ready *ready, int capacity)
{
	double deadline, left;

	if (!(timeout >= 0))
		timeout = -1; /* any negative, or NaN: no limit */
	deadline = ss_monotonic_seconds() + timeout;
	left = timeout;
	if (ready == NULL || capacity < 1) {
		ss_set_error("cannot select: no room for the ready fds");
		errno = EINVAL;
		return -1;
	}
	for (;;) {
		/* With the stop signals blocked (stop.h), this check cannot miss one:
		 * a signal after it stays pending until the wait unblocks it. */
		if (ss_stop_requested()) {
			ss_set_error("select interrupted: a stop was requested");
			errno = EINTR;
			return -1;
		}
		/* One system call, through the backend's class table. */
		/*@ -> select_selector_select [select backend; EINTR: again] */
		/*@ -> poll_selector_select [poll backend, the default; EINTR: again] */
		int n = self->cls->select(self, left);

		if (n > 0) {
			n = collect_ready(self, ready, capacity); /*@ -> collect_ready [something is ready] */
			/* for ss_recv and ss_accept: this fd has bytes or a connection */
			ss_stop_wait_note_readable(n > 0 && (ready[0].events & SS_EVENT_READ) ? ready[0].fd : -1);
			return n;
		}
		ss_stop_wait_note_readable(-1);
		if (n == -1 && !ss_retry_interrupted(errno)) {
			if (errno == EINTR)
				ss_set_error("select interrupted: a stop was requested");
			else
				ss_set_error("cannot %s: %s", self->cls->backend, strerror(errno));
			return -1;
		}
		/* EINTR (a signal, no stop requested), or the time ran out: with
		 * no limit, just wait again; with one, wait for what is left of it.
		 * (Python does the same since PEP 475.) */
		if (timeout < 0)
			continue;
		left = deadline - ss_monotonic_seconds();
		if (left <= 0) {
			if (n == 0)
				return 0; /* the time is up */
			left = 0;     /* interrupted at the very end: one last look */
		}
	}
}
