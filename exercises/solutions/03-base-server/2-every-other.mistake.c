/* Exercise 2 — THE MISTAKE its hint warns about: verify_request closes the
 * request it turns away itself — and BaseServer's shutdown_request closes it
 * again. */
#include "2-every-other.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

bool
exercise_take_turns_verify_request(ss_server *self, ss_request *request,
                                   const ss_address *client_address)
{
	take_turns_server *server = (take_turns_server *)self;

	(void)request, (void)client_address;
	if (++server->seen % 2 == 1)
		return true; /* the 1st, 3rd, 5th ... */
	server->refused++;
	self->cls->close_request(self, request); /* the mistake: BaseServer does this too */
	return false;
}

/* ---- given: where TakeTurnsServer's requests come from -------------------- */

static int
take_turns_fileno(ss_server *self)
{
	return ((take_turns_server *)self)->input;
}

/* One byte is one request, kept in request->data. */
static int
take_turns_get_request(ss_server *self, ss_request *request, ss_address *client_address)
{
	char *byte = malloc(1);
	ssize_t got;

	(void)client_address;
	if (byte == NULL)
		return -1;
	do
		got = read(((take_turns_server *)self)->input, byte, 1);
	while (got == -1 && errno == EINTR);
	if (got != 1) {
		free(byte);
		ss_set_error("no request byte");
		return -1;
	}
	request->data = byte;
	return 0;
}

/* Frees the request's byte — every request's, handled or turned away. */
static void
take_turns_close_request(ss_server *self, ss_request *request)
{
	free(request->data);
	request->data = NULL;
	((take_turns_server *)self)->closed++;
}

const ss_server_class take_turns_server_class = {
	.name = "TakeTurnsServer",
	.base = &ss_base_server,
	.instance_size = sizeof(take_turns_server),
	.fileno = take_turns_fileno,
	.get_request = take_turns_get_request,
	.close_request = take_turns_close_request,
	.verify_request = exercise_take_turns_verify_request,
};
