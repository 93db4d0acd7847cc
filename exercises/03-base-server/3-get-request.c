/* Exercise 3 — a BaseServer subclass: where the requests come from.
 *
 * BaseServer has the loop and every hook; what it cannot know is where
 * requests come from. TCPServer answers with a listening socket (fileno) and
 * accept() (get_request). RecordServer's requests are 8-byte records on a
 * pipe. Write its two methods; its close_request (given) frees what your
 * get_request allocated.
 *
 *   make build/normal/exercises/03-base-server/3-get-request.learner && \
 *     build/normal/exercises/03-base-server/3-get-request.learner
 */
#include "3-get-request.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
exercise_record_fileno(ss_server *self)
{
	/* TODO: the fd to wait on: this server's input. (self is an ss_server *;
	 * the record_server it is the first member of is (record_server *)self.) */
	(void)self;
	errno = ENOTSUP;
	return -1;
}

int
exercise_record_get_request(ss_server *self, ss_request *request, ss_address *client_address)
{
	(void)client_address; /* a record has no address: leave it empty */
	/* TODO: malloc EXERCISE_RECORD_SIZE bytes; read() into them until the
	 * whole record has come (retry EINTR); store the buffer in request->data
	 * and count it in ((record_server *)self)->records; return 0. If read()
	 * returns 0 (the end of input) or fails first: free the buffer, say why
	 * with ss_set_error(), and return -1. */
	(void)self, (void)request;
	ss_set_error("RecordServer.get_request is not written yet");
	errno = ENOTSUP;
	return -1;
}

/* Given: frees the record (BaseServer's shutdown_request calls this). */
static void
record_close_request(ss_server *self, ss_request *request)
{
	(void)self;
	free(request->data);
	request->data = NULL;
}

const ss_server_class record_server_class = {
	.name = "RecordServer",
	.base = &ss_base_server,
	.instance_size = sizeof(record_server),
	.fileno = exercise_record_fileno,
	.get_request = exercise_record_get_request,
	.close_request = record_close_request,
};
