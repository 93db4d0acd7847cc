/* Exercise 3 — the mistake its hint warns about (`tools/exercises verify`
 * proves the test catches it): one read() taken for the whole record. A pipe
 * hands out what has been written so far: a record in two halves is lost. */
#include "3-get-request.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
exercise_record_fileno(ss_server *self)
{
	return ((record_server *)self)->input;
}

int
exercise_record_get_request(ss_server *self, ss_request *request, ss_address *client_address)
{
	(void)client_address; /* a record has no address: leave it empty */
	record_server *server = (record_server *)self;
	char *record = malloc(EXERCISE_RECORD_SIZE);
	size_t have = 0;

	if (record == NULL) {
		ss_set_error("RecordServer: out of memory");
		errno = ENOMEM;
		return -1;
	}
	while (have < EXERCISE_RECORD_SIZE) {
		ssize_t got = read(server->input, record + have, EXERCISE_RECORD_SIZE - have);
		if (got == -1 && errno == EINTR)
			continue;
		if (got != EXERCISE_RECORD_SIZE) { /* the mistake: a short read taken for the end */
			int saved_errno = got == -1 ? errno : 0;
			free(record);
			ss_set_error("RecordServer: no whole record: %s",
			             got == 0 ? "end of input" : strerror(saved_errno));
			errno = saved_errno;
			return -1;
		}
		have += (size_t)got;
	}
	request->data = record;
	server->records++;
	return 0;
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
