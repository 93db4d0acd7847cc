/* Exercise 2 — THE MISTAKE its hint warns about: the bytes taken as one piece,
 * data[start .. start + length), which runs past the end of data[] when
 * they wrap around. */
#include "2-ring-send.h"

#include <errno.h>
#include <sys/socket.h>
#include <sys/uio.h>

ssize_t
exercise_ring_send(int fd, ring *r)
{
	/* The first piece runs from start to the end of data[] at most; the
	 * second, if the bytes wrap around, from data[0]. */
	size_t first = r->length; /* the mistake: no wrap-around */
	struct iovec pieces[2] = {
		{.iov_base = r->data + r->start, .iov_len = first},
		{.iov_base = r->data, .iov_len = r->length - first},
	};
	struct msghdr message = {.msg_iov = pieces, .msg_iovlen = pieces[1].iov_len > 0 ? 2 : 1};
	ssize_t sent;

	if (r->length == 0)
		return 0;
	do /* MSG_NOSIGNAL: EPIPE instead of SIGPIPE */
		sent = sendmsg(fd, &message, MSG_NOSIGNAL);
	while (sent == -1 && errno == EINTR);
	if (sent == -1)
		return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
	r->start = (r->start + (size_t)sent) % RING_SIZE;
	r->length -= (size_t)sent;
	return sent;
}
