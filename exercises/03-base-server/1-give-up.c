/* Exercise 1 — a server that gives up: overriding handle_timeout.
 *
 * BaseServer's handle_request waits at most self->timeout for a request,
 * and calls self->cls->handle_timeout(self) when none came — a hook that
 * does nothing. PatientServer overrides it to count, and gives up after
 * max_timeouts time-outs *in a row*: so it also has to notice when a request
 * does come, which BaseServer tells a subclass by calling its
 * process_request. Override that too — and call BaseServer's, or the request
 * is never handled.
 *
 *   make build/normal/exercises/03-base-server/1-give-up.learner && \
 *     build/normal/exercises/03-base-server/1-give-up.learner
 */
#include "1-give-up.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

void
exercise_patient_handle_timeout(ss_server *self)
{
	/* TODO: count this time-out in ((patient_server *)self)->timeouts, and
	 * set gave_up once max_timeouts have come in a row. */
	(void)self;
}

int
exercise_patient_process_request(ss_server *self, ss_request *request,
                                 const ss_address *client_address)
{
	/* TODO: a request came: the time-outs before it no longer count. Then
	 * process it as BaseServer does, through super — chapter 3's
	 * line_server_shutdown shows the pattern:
	 *     ss_server_class super;
	 *     ss_server_super(self, &patient_server_class, &super);
	 *     return super.process_request(self, request, client_address);
	 */
	(void)self, (void)request, (void)client_address;
	ss_set_error("PatientServer.process_request is not written yet");
	return -1;
}

/* ---- given: where PatientServer's requests come from ---------------------- */

static int
patient_fileno(ss_server *self)
{
	return ((patient_server *)self)->input;
}

/* One byte is one request, kept in request->data. */
static int
patient_get_request(ss_server *self, ss_request *request, ss_address *client_address)
{
	char *byte = malloc(1);
	ssize_t got;

	(void)client_address;
	if (byte == NULL)
		return -1;
	do
		got = read(((patient_server *)self)->input, byte, 1);
	while (got == -1 && errno == EINTR);
	if (got != 1) {
		free(byte);
		ss_set_error("no request byte");
		return -1;
	}
	request->data = byte;
	return 0;
}

static void
patient_close_request(ss_server *self, ss_request *request)
{
	(void)self;
	free(request->data);
	request->data = NULL;
}

const ss_server_class patient_server_class = {
	.name = "PatientServer",
	.base = &ss_base_server,
	.instance_size = sizeof(patient_server),
	.fileno = patient_fileno,
	.get_request = patient_get_request,
	.close_request = patient_close_request,
	.handle_timeout = exercise_patient_handle_timeout,
	.process_request = exercise_patient_process_request,
};
