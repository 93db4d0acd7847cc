/* rfile.c — the buffered reader: Python's rfile (a BufferedReader over the
 * connection), with a cap on lines. The bounded-buffer invariant of
 * request_handlers.h: the unread bytes are buffer[start..end) and
 * 0 <= start <= end <= capacity; the buffer is refilled only when empty,
 * and a line is copied out as it arrives (next_line's line buffer aside). */
#include "request_handlers.h"
#include "deadline.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

int
ss_rfile_open(ss_rfile *rfile, int fd, size_t capacity, double timeout)
{
	memset(rfile, 0, sizeof *rfile);
	rfile->fd = fd;
	rfile->capacity = capacity > 0 ? capacity : 1;
	rfile->timeout = timeout;
	rfile->max_line = SS_DEFAULT_MAX_LINE;
	rfile->buffer = malloc(rfile->capacity);
	if (rfile->buffer == NULL) {
		ss_set_error("no memory for a %zu-byte read buffer", rfile->capacity);
		errno = ENOMEM;
		return -1;
	}
	rfile->owns_buffer = true;
	return 0;
}

void
ss_rfile_open_memory(ss_rfile *rfile, const void *data, size_t size)
{
	memset(rfile, 0, sizeof *rfile);
	rfile->fd = -1;
	rfile->buffer = (char *)data; /* only ever read */
	rfile->capacity = size;
	rfile->end = size;
	rfile->eof = true; /* nothing comes after the packet */
	rfile->timeout = SS_NO_TIMEOUT;
	rfile->max_line = SS_DEFAULT_MAX_LINE;
}

void
ss_rfile_close(ss_rfile *rfile)
{
	if (rfile->owns_buffer)
		free(rfile->buffer);
	free(rfile->line);
	rfile->line = NULL;
	rfile->line_capacity = 0;
	rfile->buffer = NULL;
	rfile->owns_buffer = false;
	rfile->capacity = rfile->start = rfile->end = 0;
	rfile->eof = true;
}

/*@region rfile-fill */
/* The buffer is empty: receive what the client has sent, up to capacity.
 * Returns how many bytes came, 0 at EOF, -1 on error or at the deadline. */
static ssize_t
fill(ss_rfile *rfile, double deadline)
{
	rfile->start = rfile->end = 0;
	if (rfile->eof || rfile->fd < 0)
		return 0;
	for (;;) {
		ssize_t received;
		if (deadline < 0) /* no limit: block in recv, in a stop window (chapter 1) */
			received = ss_recv(rfile->fd, rfile->buffer, rfile->capacity); /*@ -> ss_recv [no timeout] */
		else /* MSG_DONTWAIT: ss_wait_until waits, and keeps the deadline */
			received = recv(rfile->fd, rfile->buffer, rfile->capacity, MSG_DONTWAIT);
		if (received > 0) {
			rfile->end = (size_t)received;
			return received;
		}
		if (received == 0) {
			rfile->eof = true;
			return 0;
		}
		if (errno == EAGAIN || errno == EWOULDBLOCK) { /* nothing yet, or a non-blocking socket */
			int ready = ss_wait_until(rfile->fd, POLLIN, deadline); /*@ -> ss_wait_until [nothing yet] */
			if (ready == 1)
				continue;
			if (ready == 0) {
				ss_set_error("timed out: the client sent too little within %g s", rfile->timeout);
				errno = ETIMEDOUT;
			}
			return -1; /* ss_wait_fd said why */
		}
		if (deadline < 0)
			return -1; /* ss_recv said why, and retried what was to retry */
		if (ss_retry_interrupted(errno)) /* EINTR, no stop requested */
			continue;
		ss_set_error("cannot receive: %s", strerror(errno));
		return -1;
	}
}
/*@end rfile-fill */

/*@region rfile-read-line */
/* Copy a line of at most cap bytes into line. Past cap with no newline:
 * a partial line if cap_is_error is false (Python's readline(limit)), else
 * EMSGSIZE — unless EOF comes right after it (then it is the last line). */
static ssize_t
read_line(ss_rfile *rfile, char *line, size_t cap, bool cap_is_error, double deadline)
{
	size_t length = 0;

	for (;;) {
		if (length == cap && !cap_is_error)
			break; /* the limit: a partial line, at once */
		if (rfile->start == rfile->end) {
			ssize_t received = fill(rfile, deadline);
			if (received == -1)
				return -1;
			if (received == 0)
				break; /* EOF: what we have is the last line, maybe partial */
		}
		if (length == cap) { /* full, and more bytes are coming */
			ss_set_error("line too long: more than %zu bytes without a newline", cap);
			errno = EMSGSIZE;
			return -1;
		}
		const char *unread = rfile->buffer + rfile->start;
		size_t take = rfile->end - rfile->start;
		if (take > cap - length)
			take = cap - length;
		const char *newline = memchr(unread, '\n', take);
		if (newline != NULL)
			take = (size_t)(newline - unread) + 1;
		memcpy(line + length, unread, take);
		rfile->start += take;
		length += take;
		if (newline != NULL)
			break;
	}
	line[length] = '\0';
	return (ssize_t)length;
}
/*@end rfile-read-line */

ssize_t
ss_rfile_readline(ss_rfile *rfile, char *line, size_t size)
{
	if (size == 0) {
		ss_set_error("readline: no room for a line");
		errno = EINVAL;
		return -1;
	}
	size_t cap = size - 1 < rfile->max_line ? size - 1 : rfile->max_line;
	return read_line(rfile, line, cap, true, ss_deadline_after(rfile->timeout));
}

ssize_t
ss_rfile_readline_limit(ss_rfile *rfile, char *line, size_t size, ssize_t limit)
{
	if (limit < 0)
		return ss_rfile_readline(rfile, line, size);
	if ((size_t)limit >= size) {
		ss_set_error("readline: limit %zd needs %zd bytes of room, not %zu", limit, limit + 1, size);
		errno = EINVAL;
		return -1;
	}
	return read_line(rfile, line, (size_t)limit, false, ss_deadline_after(rfile->timeout));
}

/*@region rfile-next-line */
ssize_t
ss_rfile_next_line(ss_rfile *rfile, const char **line)
{
	double deadline = ss_deadline_after(rfile->timeout);

	*line = "";
	if (rfile->start == rfile->end && fill(rfile, deadline) == -1) /*@ -> fill [nothing buffered] */
		return -1;
	const char *unread = rfile->buffer + rfile->start;
	size_t buffered = rfile->end - rfile->start;
	const char *newline = memchr(unread, '\n', buffered < rfile->max_line ? buffered : rfile->max_line);
	if (newline != NULL) { /* the whole line is here: hand it over where it lies */
		size_t length = (size_t)(newline - unread) + 1;
		rfile->start += length;
		*line = unread;
		return (ssize_t)length;
	}
	if (buffered == 0)
		return 0; /* EOF */
	/* The line goes on past what has come: gather it in the reader's own
	 * line buffer, as readline would in the caller's (max_line + 1 bytes,
	 * made the first time a line needs it). */
	if (rfile->line_capacity < rfile->max_line + 1) {
		char *bigger = realloc(rfile->line, rfile->max_line + 1);
		if (bigger == NULL) {
			ss_set_error("no memory for a %zu-byte line", rfile->max_line);
			errno = ENOMEM;
			return -1;
		}
		rfile->line = bigger;
		rfile->line_capacity = rfile->max_line + 1;
	}
	ssize_t length = read_line(rfile, rfile->line, rfile->max_line, true, deadline); /*@ -> read_line [a line across receives] */
	if (length >= 0)
		*line = rfile->line;
	return length;
}
/*@end rfile-next-line */

ssize_t
ss_rfile_read(ss_rfile *rfile, void *data, size_t n)
{
	double deadline = ss_deadline_after(rfile->timeout);
	char *out = data;
	size_t length = 0;

	while (length < n) {
		if (rfile->start == rfile->end) {
			ssize_t received = fill(rfile, deadline);
			if (received == -1)
				return -1;
			if (received == 0)
				break; /* EOF: fewer than n */
		}
		size_t take = rfile->end - rfile->start;
		if (take > n - length)
			take = n - length;
		memcpy(out + length, rfile->buffer + rfile->start, take);
		rfile->start += take;
		length += take;
	}
	return (ssize_t)length;
}

ssize_t
ss_rfile_read_to_eof(ss_rfile *rfile, void *data, size_t size)
{
	ssize_t length = ss_rfile_read(rfile, data, size);

	if (length == -1 || (size_t)length < size)
		return length; /* an error, or EOF came first */
	/* size bytes read: is that all? */
	if (rfile->start == rfile->end) {
		ssize_t received = fill(rfile, ss_deadline_after(rfile->timeout));
		if (received == -1)
			return -1;
		if (received == 0)
			return length;
	}
	ss_set_error("too much data: more than %zu bytes before the end", size);
	errno = EMSGSIZE;
	return -1;
}
