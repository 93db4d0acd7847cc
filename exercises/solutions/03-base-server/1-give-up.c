/* Exercise 1 — a solution: count the time-outs in a row, and start again
 * when a request comes. */
#include "1-give-up.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

void
exercise_patient_handle_timeout(ss_server *self)
{
	patient_server *server = (patient_server *)self;

	if (++server->timeouts >= server->max_timeouts)
		server->gave_up = true;
}

int
exercise_patient_process_request(ss_server *self, ss_request *request,
                                 const ss_address *client_address)
{
	ss_server_class super;

	((patient_server *)self)->timeouts = 0; /* the next time-out is the first in a row */
	ss_server_super(self, &patient_server_class, &super);
	return super.process_request(self, request, client_address);
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
