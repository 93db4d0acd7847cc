/* 2-ring-send.test.c — your exercise_ring_send on a non-blocking socketpair. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "2-ring-send.h"
#include "support.h"

enum { STREAM = 1 << 20 }; /* bytes pushed through the ring: it wraps 256 times */

static int pair[2]; /* pair[0]: the server's side, non-blocking; pair[1]: the client */
/* The ring, with room after it: a send that runs past data[] reads
 * garbage here (and the test says so) rather than outside any object. */
static struct {
	ring r;
	char after[RING_SIZE];
} area;

/* The n-th byte of the test's stream. */
static char
stream_byte(size_t n)
{
	return (char)(n % 251);
}

/* Puts bytes [first, first + count) of the stream into the ring, after the
 * ones it holds. */
static void
ring_put(ring *r, size_t first, size_t count)
{
	for (size_t i = 0; i < count; i++)
		r->data[(r->start + r->length + i) % RING_SIZE] = stream_byte(first + i);
	r->length += count;
}

static int
setup(void **state)
{
	(void)state;
	support_watchdog(30); /* a send that blocks ends here, failed */
	signal(SIGPIPE, SIG_DFL); /* a SIGPIPE would kill the test: it must not happen */
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) == -1)
		return -1;
	fcntl(pair[0], F_SETFL, fcntl(pair[0], F_GETFL) | O_NONBLOCK);
	memset(&area, '?', sizeof area);
	area.r.start = 0;
	area.r.length = 0;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	close(pair[0]);
	if (pair[1] >= 0)
		close(pair[1]);
	return 0;
}

/* ring_send must return `expected` (a count, or -1 with errno). */
static ssize_t
send_expecting(ring *r, ssize_t expected, const char *situation)
{
	errno = 0;
	ssize_t sent = exercise_ring_send(pair[0], r);

	if (sent == -1 && expected != -1)
		fail_msg("%s: exercise_ring_send() failed (%s)", situation,
		         errno == ENOSYS ? "ENOSYS: the stub is not written yet" : strerror(errno));
	if (expected >= 0 && sent != expected)
		fail_msg("%s: exercise_ring_send() returned %zd; expected %zd", situation, sent,
		         expected);
	return sent;
}

/* The client must receive bytes [first, first + count) of the stream. */
static void
expect_received(size_t first, size_t count, const char *situation)
{
	static char received[RING_SIZE];

	assert_true(count <= sizeof received);
	if (support_recv_exact(pair[1], received, count, SUPPORT_WAIT_MS) != 0)
		fail_msg("%s: the client did not receive the %zu bytes sent", situation, count);
	for (size_t i = 0; i < count; i++)
		if (received[i] != stream_byte(first + i))
			fail_msg("%s: byte %zu that arrived is wrong: were the bytes sent from "
			         "data[start], and after the end of data[] from data[0]?", situation, i);
}

static void
one_piece_is_sent_whole(void **state)
{
	ring *r = &area.r;

	(void)state;
	r->start = 10;
	ring_put(r, 0, 100);
	send_expecting(r, 100, "100 bytes from data[10]");
	expect_received(0, 100, "100 bytes from data[10]");
	if (r->length != 0 || r->start != 110)
		fail_msg("after sending all 100 bytes from data[10]: start %zu, length %zu; "
		         "expected start 110, length 0", r->start, r->length);
}

static void
two_pieces_are_sent_in_order(void **state)
{
	ring *r = &area.r;

	(void)state;
	r->start = RING_SIZE - 50;
	ring_put(r, 0, 200); /* 50 at the end of data[], 150 from data[0] */
	send_expecting(r, 200, "200 bytes, wrapping around the end of data[]");
	expect_received(0, 200, "200 bytes, wrapping around the end of data[]");
	if (r->length != 0 || r->start != 150)
		fail_msg("after sending 200 bytes from data[RING_SIZE - 50]: start %zu, length %zu; "
		         "expected start 150 (it wraps), length 0", r->start, r->length);
}

/* A megabyte through a socket that takes far less at a time, and a ring
 * that is refilled as it empties: partial sends, and wrap-around, many
 * times over; every byte must arrive once, in order. */
static void
a_stream_goes_through_in_order(void **state)
{
	ring *r = &area.r;
	size_t produced = 0, delivered = 0;
	static char received[65536];
	bool saw_partial = false;

	(void)state;
	while (delivered < STREAM) {
		size_t room = RING_SIZE - r->length;
		size_t more = STREAM - produced < room ? STREAM - produced : room;

		if (more > 1000) /* 1000 bytes a round: start moves on by odd steps, and wraps */
			more = 1000;

		ring_put(r, produced, more);
		produced += more;
		size_t before = r->length;
		ssize_t sent = send_expecting(r, -2, "a megabyte through the ring");
		if (sent < 0 || (size_t)sent > before)
			fail_msg("exercise_ring_send() returned %zd with %zu bytes in the ring", sent,
			         before);
		if ((size_t)sent < before)
			saw_partial = true;
		if (r->length != before - (size_t)sent || r->start >= RING_SIZE)
			fail_msg("after sending %zd of %zu bytes: length %zu, start %zu; expected length "
			         "%zu and a start below RING_SIZE", sent, before, r->length, r->start,
			         before - (size_t)sent);
		/* The client reads only once the socket is full (or all is sent): so
		 * the socket does fill, and sends go in part. */
		if ((size_t)sent == before && produced < STREAM)
			continue;
		ssize_t got = recv(pair[1], received, sizeof received, MSG_DONTWAIT);
		for (ssize_t i = 0; i < got; i++)
			if (received[i] != stream_byte(delivered + (size_t)i))
				fail_msg("byte %zu of the stream arrived wrong: sent twice, skipped, or "
				         "read from the wrong place in data[]", delivered + (size_t)i);
		delivered += got > 0 ? (size_t)got : 0;
	}
	if (!saw_partial) /* a socketpair's buffer holds far less than a megabyte */
		fail_msg("every send took the whole ring: the test could not try a partial send");
}

static void
a_full_socket_sends_nothing_and_keeps_everything(void **state)
{
	ring *r = &area.r;
	char filler[65536] = {0};

	(void)state;
	while (send(pair[0], filler, sizeof filler, MSG_DONTWAIT) > 0)
		; /* fill the socket */
	r->start = 7;
	ring_put(r, 0, 10);
	send_expecting(r, 0, "a socket with no room");
	if (r->length != 10 || r->start != 7)
		fail_msg("nothing could be sent, yet the ring changed: start %zu, length %zu; "
		         "expected 7 and 10", r->start, r->length);
}

static void
a_peer_that_has_gone_is_an_error_not_a_signal(void **state)
{
	ring *r = &area.r;

	(void)state;
	close(pair[1]);
	pair[1] = -1;
	ring_put(r, 0, 10);
	send_expecting(r, -1, "the client has gone");
	if (errno != EPIPE && errno != ECONNRESET)
		fail_msg("sending to a client that has gone failed with %s; expected EPIPE or "
		         "ECONNRESET", strerror(errno));
}

static void
nothing_to_send_is_fine(void **state)
{
	(void)state;
	send_expecting(&area.r, 0, "an empty ring");
	if (area.r.length != 0 || area.r.start != 0)
		fail_msg("an empty ring changed: start %zu, length %zu", area.r.start, area.r.length);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(one_piece_is_sent_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(two_pieces_are_sent_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(a_stream_goes_through_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(a_full_socket_sends_nothing_and_keeps_everything, setup, teardown),
		cmocka_unit_test_setup_teardown(a_peer_that_has_gone_is_an_error_not_a_signal, setup, teardown),
		cmocka_unit_test_setup_teardown(nothing_to_send_is_fine, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
