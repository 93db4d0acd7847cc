/* wfile.c — the writer: Python's _SocketWriter (wbufsize 0: every write is
 * a whole sendall), a buffered writer (wbufsize > 0), and the in-memory
 * writer DatagramRequestHandler collects its reply in. */
#include "request_handlers.h"
#include "deadline.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

int
ss_wfile_open(ss_wfile *wfile, int fd, size_t wbufsize, double timeout)
{
	memset(wfile, 0, sizeof *wfile);
	wfile->fd = fd;
	wfile->timeout = timeout;
	wfile->kind = wbufsize == 0 ? SS_WFILE_UNBUFFERED : SS_WFILE_BUFFERED;
	if (wfile->kind == SS_WFILE_BUFFERED) {
		wfile->buffer = malloc(wbufsize);
		if (wfile->buffer == NULL) {
			ss_set_error("no memory for a %zu-byte write buffer", wbufsize);
			errno = ENOMEM;
			return -1;
		}
		wfile->capacity = wbufsize;
	}
	return 0;
}

void
ss_wfile_open_memory(ss_wfile *wfile, size_t max_size)
{
	memset(wfile, 0, sizeof *wfile);
	wfile->kind = SS_WFILE_MEMORY;
	wfile->fd = -1;
	wfile->max_size = max_size;
	wfile->timeout = SS_NO_TIMEOUT;
}

void
ss_wfile_close(ss_wfile *wfile)
{
	free(wfile->buffer);
	wfile->buffer = NULL;
	wfile->capacity = wfile->used = 0;
	wfile->closed = true;
}

/*@region send-all-by */
/* Python's sendall with the socket's timeout: every byte, or an error; the
 * deadline is for the whole call, however many sends it takes. */
static int
send_all_by(ss_wfile *wfile, const char *data, size_t size, double deadline)
{
	while (size > 0) {
		/* MSG_NOSIGNAL: a client that has gone is EPIPE, not a SIGPIPE that
		 * would end the whole server */
		ssize_t sent = send(wfile->fd, data, size, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (sent >= 0) {
			data += sent; /* a partial send: go on from where it stopped */
			size -= (size_t)sent;
			continue;
		}
		if (errno == EAGAIN || errno == EWOULDBLOCK) { /* the client reads slowly */
			int ready = ss_wait_until(wfile->fd, POLLOUT, deadline); /*@ -> ss_wait_until [no room yet] */
			if (ready == 1)
				continue;
			if (ready == 0) {
				ss_set_error("timed out: the client took too little within %g s",
				             wfile->timeout);
				errno = ETIMEDOUT;
			} else {
				ss_set_error("cannot send: %s", strerror(errno));
			}
			return -1;
		}
		if (ss_retry_interrupted(errno))
			continue;
		ss_set_error("cannot send: %s", strerror(errno));
		return -1;
	}
	return 0;
}
/*@end send-all-by */

/* Keep size more bytes in memory, growing the buffer up to max_size. */
static int
collect(ss_wfile *wfile, const void *data, size_t size)
{
	if (size > wfile->max_size - wfile->used) {
		ss_set_error("reply too long: more than %zu bytes", wfile->max_size);
		errno = EMSGSIZE;
		return -1;
	}
	if (wfile->used + size > wfile->capacity) {
		size_t capacity = wfile->capacity > 0 ? wfile->capacity : 256;
		while (capacity < wfile->used + size)
			capacity *= 2;
		if (capacity > wfile->max_size)
			capacity = wfile->max_size;
		char *bigger = realloc(wfile->buffer, capacity);
		if (bigger == NULL) {
			ss_set_error("no memory for a %zu-byte reply", capacity);
			errno = ENOMEM;
			return -1;
		}
		wfile->buffer = bigger;
		wfile->capacity = capacity;
	}
	memcpy(wfile->buffer + wfile->used, data, size);
	wfile->used += size;
	return 0;
}

/*@region wfile-write */
ssize_t
ss_wfile_write(ss_wfile *wfile, const void *data, size_t size)
{
	double deadline = ss_deadline_after(wfile->timeout);

	if (wfile->closed) {
		ss_set_error("write to a closed wfile");
		errno = EBADF;
		return -1;
	}
	switch (wfile->kind) {
	case SS_WFILE_UNBUFFERED: /* _SocketWriter.write: self._sock.sendall(b) */
		if (send_all_by(wfile, data, size, deadline) == -1)
			return -1;
		break;
	case SS_WFILE_BUFFERED:
		if (size > wfile->capacity - wfile->used) { /* no room: send what waits */
			size_t waiting = wfile->used;
			wfile->used = 0; /* sent or lost: never sent twice */
			if (send_all_by(wfile, wfile->buffer, waiting, deadline) == -1)
				return -1;
		}
		if (size >= wfile->capacity) { /* bigger than the buffer: straight out */
			if (send_all_by(wfile, data, size, deadline) == -1)
				return -1;
		} else {
			memcpy(wfile->buffer + wfile->used, data, size);
			wfile->used += size;
		}
		break;
	case SS_WFILE_MEMORY:
		if (collect(wfile, data, size) == -1)
			return -1;
		break;
	}
	return (ssize_t)size;
}
/*@end wfile-write */

int
ss_wfile_flush(ss_wfile *wfile)
{
	if (wfile->closed) {
		ss_set_error("flush of a closed wfile");
		errno = EBADF;
		return -1;
	}
	if (wfile->kind != SS_WFILE_BUFFERED || wfile->used == 0)
		return 0;
	size_t used = wfile->used;
	wfile->used = 0; /* sent or lost: never sent twice */
	return send_all_by(wfile, wfile->buffer, used, ss_deadline_after(wfile->timeout));
}
