/* Exercise 2 — a server that takes turns: overriding verify_request.
 *
 * BaseServer asks self->cls->verify_request(self, request, address) about
 * every request before it processes it (Python: "Return True if we should
 * proceed with this request"; BaseServer's says True). A request it turns
 * down is not handled: _handle_request_noblock calls shutdown_request on it
 * instead, which calls close_request. TakeTurnsServer turns away every
 * second request. Python's would be:
 *
 *     def verify_request(self, request, client_address):
 *         self.seen += 1
 *         ...
 *
 *   make build/normal/exercises/03-base-server/2-every-other.learner && \
 *     build/normal/exercises/03-base-server/2-every-other.learner
 */
#include "2-every-other.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

bool
exercise_take_turns_verify_request(ss_server *self, ss_request *request,
                                   const ss_address *client_address)
{
	/* TODO: count the request in seen; let the 1st, 3rd, 5th ... in (true);
	 * turn the 2nd, 4th ... away (false), counting them in refused. Read
	 * the hint before you do anything to the request you turn away. */
	(void)self, (void)request, (void)client_address;
	return true;
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
