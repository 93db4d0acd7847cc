/* Exercise 1 — handle_request's timeout. (The reference solution.)
 *
 * Python's handle_request waits for one request, but not for ever: with
 * server.timeout set, it gives up after that many seconds and calls
 * handle_timeout() instead. Write that wait, as a method: the test puts
 * exercise_handle_request into a class table's .handle_request slot.
 *
 *   make build/normal/exercises/03-base-server/1-handle-request-timeout.learner && \
 *     build/normal/exercises/03-base-server/1-handle-request-timeout.learner
 */
#include "1-handle-request-timeout.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#include "selector.h"

void
exercise_handle_waiting_request(ss_server *self)
{
	ss_request request = {.fd = -1};
	ss_address client_address;

	memset(&client_address, 0, sizeof client_address);
	if (self->cls->get_request(self, &request, &client_address) == -1)
		return;
	if (!self->cls->verify_request(self, &request, &client_address)) {
		self->cls->shutdown_request(self, &request);
		return;
	}
	if (self->cls->process_request(self, &request, &client_address) == -1) {
		self->cls->handle_error(self, &request, &client_address);
		self->cls->shutdown_request(self, &request);
	}
}

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int
exercise_handle_request(ss_server *self)
{
	ss_selector *selector = ss_selector_new(ss_default_selector);
	ss_selector_ready ready[1];
	int status = 0;

	if (selector == NULL)
		return -1;
	if (ss_selector_register(selector, self->cls->fileno(self), SS_EVENT_READ, NULL) == -1) {
		ss_selector_free(selector);
		return -1;
	}

	/* Python's loop: wait; a request -> handle it; nothing -> time left? */
	double timeout = self->timeout;
	double deadline = now() + timeout;

	for (;;) {
		int ready_count = ss_selector_select(selector, timeout, ready, 1);
		if (ready_count == -1) {
			status = -1;
			break;
		}
		if (ready_count > 0) {
			exercise_handle_waiting_request(self);
			break;
		}
		if (timeout >= 0) {
			timeout = deadline - now();
			if (timeout <= 0) {
				self->cls->handle_timeout(self);
				break;
			}
		}
	}

	ss_selector_free(selector);
	return status;
}
