/* test_rfile.c — the buffered reader, edge by edge: two lines in one packet,
 * a partial last line, lines longer than the buffer, the line cap (an
 * error, never a cut line), Python's readline(limit), read(n), read to EOF,
 * EINTR from recv and from ppoll, a stop request, a silent client, a
 * trickling one (the timeout is per call), a reset, the bounded-buffer
 * invariant after every call, and next_line (a line in place, or gathered).
 *
 * recv() and ppoll() are wrapped (the @wrap line below) so a test can inject
 * failures: an EINTR, a reset, a short read. */
/*@wrap recv ppoll */
#define _GNU_SOURCE /* ppoll */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "request_handlers.h"
#include "support.h"

/* ---- injected failures -------------------------------------------------- */

ssize_t __real_recv(int fd, void *buffer, size_t size, int flags);
int __real_ppoll(struct pollfd *fds, nfds_t count, const struct timespec *timeout,
                 const sigset_t *mask);

static int recv_fail_errno;      /* the next recv fails with this (0: none) */
static int recv_calls;           /* recv calls so far */
static size_t recv_largest_ask;  /* the largest size a recv asked for */
static int ppoll_interrupts;     /* this many ppolls fail with EINTR... */
static const char *ppoll_then_send; /* ...and then these bytes arrive */
static int pair[2];              /* the reader reads pair[0]; the test writes pair[1] */

ssize_t
__wrap_recv(int fd, void *buffer, size_t size, int flags)
{
	recv_calls++;
	if (size > recv_largest_ask)
		recv_largest_ask = size;
	if (recv_fail_errno != 0) {
		errno = recv_fail_errno;
		recv_fail_errno = 0;
		return -1;
	}
	return __real_recv(fd, buffer, size, flags);
}

int
__wrap_ppoll(struct pollfd *fds, nfds_t count, const struct timespec *timeout,
             const sigset_t *mask)
{
	if (ppoll_interrupts > 0) {
		ppoll_interrupts--;
		if (ppoll_interrupts == 0 && ppoll_then_send != NULL)
			(void)!write(pair[1], ppoll_then_send, strlen(ppoll_then_send));
		errno = EINTR;
		return -1;
	}
	return __real_ppoll(fds, count, timeout, mask);
}

/* ---- helpers -------------------------------------------------------------- */

static int fds_before;

static int
setup(void **state)
{
	(void)state;
	recv_fail_errno = 0;
	recv_calls = 0;
	recv_largest_ask = 0;
	ppoll_interrupts = 0;
	ppoll_then_send = NULL;
	ss_clear_stop();
	fds_before = support_fd_count();
	return socketpair(AF_UNIX, SOCK_STREAM, 0, pair);
}

static int
teardown(void **state)
{
	(void)state;
	close(pair[0]);
	if (pair[1] != -1)
		close(pair[1]);
	ss_clear_stop();
	assert_int_equal(support_fd_count(), fds_before);
	return 0;
}

static void
send_text(const char *text)
{
	assert_int_equal(support_send_all(pair[1], text, strlen(text)), 0);
}

static void
close_writer(void)
{
	close(pair[1]);
	pair[1] = -1;
}

/* The bounded-buffer invariant (request_handlers.h), after every call. */
static void
assert_bounded(const ss_rfile *rfile, size_t capacity)
{
	if (!(rfile->start <= rfile->end && rfile->end <= rfile->capacity &&
	      rfile->capacity == capacity))
		fail_msg("the reader broke its invariant: start %zu, end %zu, capacity %zu (was %zu)",
		         rfile->start, rfile->end, rfile->capacity, capacity);
}

/* readline must give exactly expected (its length and bytes). */
static void
expect_line(ss_rfile *rfile, const char *expected)
{
	char line[256];
	ssize_t length = ss_rfile_readline(rfile, line, sizeof line);

	if (length != (ssize_t)strlen(expected))
		fail_msg("readline gave %zd bytes (\"%s\", %s), expected \"%s\"", length,
		         length >= 0 ? line : "", length >= 0 ? "ok" : ss_error(), expected);
	assert_memory_equal(line, expected, strlen(expected));
	assert_int_equal(line[length], '\0');
}

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ---- lines ------------------------------------------------------------------ */

static void
two_lines_in_one_packet_are_two_lines(void **state)
{
	ss_rfile rfile;

	(void)state;
	assert_int_equal(ss_rfile_open(&rfile, pair[0], 64, SS_NO_TIMEOUT), 0);
	send_text("one\ntwo\n");
	expect_line(&rfile, "one\n");
	assert_bounded(&rfile, 64);
	expect_line(&rfile, "two\n");
	assert_int_equal(recv_calls, 1); /* both came in one recv */
	close_writer();
	expect_line(&rfile, ""); /* EOF */
	expect_line(&rfile, ""); /* and it stays EOF */
	ss_rfile_close(&rfile);
	ss_rfile_close(&rfile); /* twice is harmless */
}

static void
a_partial_last_line_is_returned_as_python_does(void **state)
{
	ss_rfile rfile;

	(void)state;
	assert_int_equal(ss_rfile_open(&rfile, pair[0], 64, SS_NO_TIMEOUT), 0);
	send_text("whole\ntail without newline");
	close_writer();
	expect_line(&rfile, "whole\n");
	expect_line(&rfile, "tail without newline");
	expect_line(&rfile, "");
	ss_rfile_close(&rfile);
}

/* A 4-byte buffer, a 100-byte line: copied out as it arrives. */
static void
a_line_longer_than_the_buffer_arrives_whole(void **state)
{
	char expected[128], line[256];
	ss_rfile rfile;

	(void)state;
	memset(expected, 'x', 100);
	memcpy(expected + 100, "\n", 2);
	assert_int_equal(ss_rfile_open(&rfile, pair[0], 4, SS_NO_TIMEOUT), 0);
	send_text(expected);
	send_text("next\n");
	assert_int_equal(ss_rfile_readline(&rfile, line, sizeof line), 101);
	assert_string_equal(line, expected);
	assert_bounded(&rfile, 4);
	assert_true(recv_largest_ask <= 4); /* never more than the buffer holds */
	expect_line(&rfile, "next\n");
	ss_rfile_close(&rfile);
}

/* Python's rbufsize 0: one recv a byte, and still the same lines. */
static void
a_one_byte_buffer_reads_a_byte_a_recv(void **state)
{
	ss_rfile rfile;

	(void)state;
	assert_int_equal(ss_rfile_open(&rfile, pair[0], 1, SS_NO_TIMEOUT), 0);
	send_text("abc\nd");
	close_writer();
	expect_line(&rfile, "abc\n");
	assert_int_equal(recv_calls, 4);
	expect_line(&rfile, "d");
	ss_rfile_close(&rfile);
}

/* ---- the cap ------------------------------------------------------------------ */

static void
a_line_over_the_cap_is_an_error_not_a_cut_line(void **state)
{
	char line[256];
	ss_rfile rfile;

	(void)state;
	assert_int_equal(ss_rfile_open(&rfile, pair[0], 8, SS_NO_TIMEOUT), 0);
	rfile.max_line = 16;
	send_text("0123456789abcdefXYZ\n"); /* 20 bytes with the newline */
	errno = 0;
	ssize_t length = ss_rfile_readline(&rfile, line, sizeof line);
	if (length != -1)
		fail_msg("a 20-byte line with a 16-byte cap must fail, but readline gave %zd bytes", length);
	assert_int_equal(errno, EMSGSIZE);
	assert_non_null(strstr(ss_error(), "line too long"));
	assert_bounded(&rfile, 8);
	ss_rfile_close(&rfile);
}

/* The cap counts the newline: 16 bytes with it pass, 17 do not. */
static void
the_cap_counts_the_newline(void **state)
{
	char line[256];
	ss_rfile rfile;

	(void)state;
	assert_int_equal(ss_rfile_open(&rfile, pair[0], 64, SS_NO_TIMEOUT), 0);
	rfile.max_line = 16;
	send_text("0123456789abcde\n");  /* 16 */
	expect_line(&rfile, "0123456789abcde\n");
	send_text("0123456789abcdef\n"); /* 17 */
	assert_int_equal(ss_rfile_readline(&rfile, line, sizeof line), -1);
	assert_int_equal(errno, EMSGSIZE);
	ss_rfile_close(&rfile);
}

/* A last line of exactly the cap, then EOF: a whole last line, not an error. */
static void
a_last_line_of_exactly_the_cap_at_eof_is_fine(void **state)
{
	ss_rfile rfile;

	(void)state;
	assert_int_equal(ss_rfile_open(&rfile, pair[0], 64, SS_NO_TIMEOUT), 0);
	rfile.max_line = 8;
	send_text("12345678");
	close_writer();
	expect_line(&rfile, "12345678");
	expect_line(&rfile, "");
	ss_rfile_close(&rfile);
}

/* The caller's buffer is a cap too: a line that does not fit is an error. */
static void
the_callers_buffer_caps_the_line_too(void **state)
{
	char small[8];
	ss_rfile rfile;

	(void)state;
	assert_int_equal(ss_rfile_open(&rfile, pair[0], 64, SS_NO_TIMEOUT), 0);
	send_text("1234567\n"); /* 8 bytes: one more than small holds with its NUL */
	assert_int_equal(ss_rfile_readline(&rfile, small, sizeof small), -1);
	assert_int_equal(errno, EMSGSIZE);
	assert_int_equal(ss_rfile_readline(&rfile, small, 0), -1);
	assert_int_equal(errno, EINVAL);
	ss_rfile_close(&rfile);
}

/* The default cap is finite: a megabyte without a newline does not grow the
 * reader, and ends in EMSGSIZE once SS_DEFAULT_MAX_LINE is passed. */
static void *
flood(void *argument)
{
	static char block[65536];
	(void)argument;
	memset(block, 'A', sizeof block);
	for (int i = 0; i < 16; i++)
		if (support_send_all(pair[1], block, sizeof block) == -1)
			break; /* the reader gave up and the test closed: fine */
	return NULL;
}

static void
the_default_cap_stops_an_endless_line(void **state)
{
	static char line[2 * SS_DEFAULT_MAX_LINE];
	pthread_t flooder;
	ss_rfile rfile;

	(void)state;
	assert_int_equal(ss_rfile_open(&rfile, pair[0], SS_DEFAULT_BUFFER_SIZE, SS_NO_TIMEOUT), 0);
	pthread_create(&flooder, NULL, flood, NULL);
	assert_int_equal(ss_rfile_readline(&rfile, line, sizeof line), -1);
	assert_int_equal(errno, EMSGSIZE);
	assert_bounded(&rfile, SS_DEFAULT_BUFFER_SIZE);
	shutdown(pair[0], SHUT_RDWR); /* the flooder's sends now fail */
	pthread_join(flooder, NULL);
	ss_rfile_close(&rfile);
}

/* ---- Python's readline(limit), read(n), read() -------------------------------- */

static void
readline_with_a_limit_gives_partial_lines_as_python(void **state)
{
	char line[16];
	ss_rfile rfile;

	(void)state;
	assert_int_equal(ss_rfile_open(&rfile, pair[0], 64, SS_NO_TIMEOUT), 0);
	send_text("abcdefgh\n");
	assert_int_equal(ss_rfile_readline_limit(&rfile, line, sizeof line, 3), 3);
	assert_string_equal(line, "abc");
	assert_int_equal(ss_rfile_readline_limit(&rfile, line, sizeof line, 3), 3);
	assert_string_equal(line, "def");
	assert_int_equal(ss_rfile_readline_limit(&rfile, line, sizeof line, 3), 3);
	assert_string_equal(line, "gh\n");
	assert_int_equal(ss_rfile_readline_limit(&rfile, line, sizeof line, 16), -1); /* no room */
	assert_int_equal(errno, EINVAL);
	assert_int_equal(ss_rfile_readline_limit(&rfile, line, sizeof line, 0), 0); /* b'' at once */
	ss_rfile_close(&rfile);
}

static void
read_n_waits_for_n_bytes_and_stops_short_only_at_eof(void **state)
{
	char data[32];
	ss_rfile rfile;

	(void)state;
	assert_int_equal(ss_rfile_open(&rfile, pair[0], 4, SS_NO_TIMEOUT), 0);
	send_text("0123456789");
	assert_int_equal(ss_rfile_read(&rfile, data, 6), 6);
	assert_memory_equal(data, "012345", 6);
	close_writer();
	assert_int_equal(ss_rfile_read(&rfile, data, sizeof data), 4);
	assert_memory_equal(data, "6789", 4);
	assert_int_equal(ss_rfile_read(&rfile, data, sizeof data), 0);
	ss_rfile_close(&rfile);
}

static void
read_to_eof_reads_all_or_says_too_much(void **state)
{
	char data[8];
	ss_rfile rfile;

	(void)state;
	assert_int_equal(ss_rfile_open(&rfile, pair[0], 3, SS_NO_TIMEOUT), 0);
	send_text("12345678"); /* exactly 8: fits */
	close_writer();
	assert_int_equal(ss_rfile_read_to_eof(&rfile, data, sizeof data), 8);
	assert_memory_equal(data, "12345678", 8);
	ss_rfile_close(&rfile);

	close(pair[0]);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
	assert_int_equal(ss_rfile_open(&rfile, pair[0], 3, SS_NO_TIMEOUT), 0);
	send_text("123456789"); /* 9: one too many */
	close_writer();
	assert_int_equal(ss_rfile_read_to_eof(&rfile, data, sizeof data), -1);
	assert_int_equal(errno, EMSGSIZE);
	ss_rfile_close(&rfile);
}

static void
a_memory_reader_reads_a_packet(void **state)
{
	static const char packet[] = "a\nbb\nccc";
	ss_rfile rfile;

	(void)state;
	ss_rfile_open_memory(&rfile, packet, strlen(packet));
	expect_line(&rfile, "a\n");
	expect_line(&rfile, "bb\n");
	expect_line(&rfile, "ccc");
	expect_line(&rfile, "");
	assert_int_equal(recv_calls, 0);
	ss_rfile_close(&rfile); /* frees nothing: the packet is not the reader's */
}

/* ---- interruptions and failures -------------------------------------------------- */

static void
eintr_from_recv_is_retried(void **state)
{
	ss_rfile rfile;

	(void)state;
	assert_int_equal(ss_rfile_open(&rfile, pair[0], 64, SS_NO_TIMEOUT), 0);
	send_text("fine\n");
	recv_fail_errno = EINTR;
	expect_line(&rfile, "fine\n");
	assert_int_equal(recv_calls, 2); /* the interrupted one, then the real one */
	ss_rfile_close(&rfile);
}

/* Nothing to read: the reader waits in ppoll; a signal interrupts it twice
 * (then the bytes come); the wait is resumed, and the line arrives. */
static void
eintr_from_the_wait_is_retried(void **state)
{
	ss_rfile rfile;

	(void)state;
	assert_int_equal(ss_rfile_open(&rfile, pair[0], 64, 5.0), 0);
	ppoll_interrupts = 2;
	ppoll_then_send = "after two signals\n";
	expect_line(&rfile, "after two signals\n");
	assert_int_equal(ppoll_interrupts, 0);
	ss_rfile_close(&rfile);
}

/* SIGINT/SIGTERM (here ss_request_stop, as the handler does) end the wait:
 * -1 with EINTR, so the server can stop. */
static void
a_stop_request_ends_the_wait(void **state)
{
	char line[16];
	ss_rfile rfile;

	(void)state;
	assert_int_equal(ss_rfile_open(&rfile, pair[0], 64, SS_NO_TIMEOUT), 0);
	ss_request_stop();
	assert_int_equal(ss_rfile_readline(&rfile, line, sizeof line), -1);
	assert_int_equal(errno, EINTR);
	ss_rfile_close(&rfile);
}

static void
a_reset_is_an_error(void **state)
{
	char line[16];
	ss_rfile rfile;

	(void)state;
	assert_int_equal(ss_rfile_open(&rfile, pair[0], 64, SS_NO_TIMEOUT), 0);
	recv_fail_errno = ECONNRESET;
	assert_int_equal(ss_rfile_readline(&rfile, line, sizeof line), -1);
	assert_int_equal(errno, ECONNRESET);
	assert_non_null(strstr(ss_error(), "cannot receive"));
	ss_rfile_close(&rfile);
}

/* ---- timeouts -------------------------------------------------------------------- */

static void
a_silent_client_times_out(void **state)
{
	char line[16];
	ss_rfile rfile;

	(void)state;
	assert_int_equal(ss_rfile_open(&rfile, pair[0], 64, 0.2), 0);
	double start = now();
	assert_int_equal(ss_rfile_readline(&rfile, line, sizeof line), -1);
	double took = now() - start;
	assert_int_equal(errno, ETIMEDOUT);
	assert_non_null(strstr(ss_error(), "timed out"));
	if (took < 0.2 || took > 2.0)
		fail_msg("a 0.2 s timeout took %.3f s", took);
	ss_rfile_close(&rfile);
}

/* A byte every 50 ms, never a newline: each recv is quick, but the line is
 * not, and the timeout is for the whole readline. (Python's timeout is per
 * recv: this client would hold its handler for ever.) */
static atomic_bool trickling;

static void *
trickle(void *argument)
{
	(void)argument;
	struct timespec pause = {.tv_sec = 0, .tv_nsec = 50 * 1000000L}; /* pacing, not synchronisation */
	while (atomic_load(&trickling)) {
		if (send(pair[1], "z", 1, MSG_NOSIGNAL) != 1)
			break;
		nanosleep(&pause, NULL);
	}
	return NULL;
}

static void
a_trickling_client_cannot_hold_a_line_past_the_timeout(void **state)
{
	char line[4096];
	pthread_t trickler;
	ss_rfile rfile;

	(void)state;
	assert_int_equal(ss_rfile_open(&rfile, pair[0], 64, 0.5), 0);
	atomic_store(&trickling, true);
	pthread_create(&trickler, NULL, trickle, NULL);
	double start = now();
	ssize_t length = ss_rfile_readline(&rfile, line, sizeof line);
	double took = now() - start;
	atomic_store(&trickling, false);
	pthread_join(trickler, NULL);
	if (length != -1 || errno != ETIMEDOUT)
		fail_msg("a trickling client must time out, but readline gave %zd (%s)", length, ss_error());
	if (took < 0.5 || took > 2.5)
		fail_msg("the 0.5 s timeout took %.3f s", took);
	assert_true(recv_calls > 3); /* many small reads, all inside one deadline */
	ss_rfile_close(&rfile);
}

/* ---- next_line: Python's `for line in self.rfile`, without a copy ----------- */

/* next_line must give exactly expected; returns where the line lay. */
static const char *
expect_next_line(ss_rfile *rfile, const char *expected)
{
	const char *line = NULL;
	ssize_t length = ss_rfile_next_line(rfile, &line);

	if (length != (ssize_t)strlen(expected))
		fail_msg("next_line gave %zd bytes (%s), expected \"%s\"", length,
		         length >= 0 ? "ok" : ss_error(), expected);
	assert_non_null(line);
	assert_memory_equal(line, expected, strlen(expected));
	return line;
}

static bool
inside(const char *p, const ss_rfile *rfile)
{
	return p >= rfile->buffer && p < rfile->buffer + rfile->capacity;
}

/* Lines that arrived whole are handed over where they lie: no copy, no
 * line buffer made. */
static void
next_line_hands_over_whole_lines_in_place(void **state)
{
	ss_rfile rfile;

	(void)state;
	assert_int_equal(ss_rfile_open(&rfile, pair[0], 64, SS_NO_TIMEOUT), 0);
	send_text("one\ntwo\n");
	assert_true(inside(expect_next_line(&rfile, "one\n"), &rfile));
	assert_true(inside(expect_next_line(&rfile, "two\n"), &rfile));
	assert_int_equal(recv_calls, 1);
	assert_null(rfile.line);
	close_writer();
	expect_next_line(&rfile, ""); /* EOF */
	expect_next_line(&rfile, ""); /* and it stays EOF */
	assert_bounded(&rfile, 64);
	ss_rfile_close(&rfile);
}

/* A line longer than the buffer, or one cut by a receive, is gathered in
 * the reader's line buffer; the read buffer keeps its size. A partial last
 * line comes as Python gives it. */
static void
next_line_gathers_a_line_across_receives(void **state)
{
	ss_rfile rfile;

	(void)state;
	assert_int_equal(ss_rfile_open(&rfile, pair[0], 4, SS_NO_TIMEOUT), 0);
	send_text("abcdefghij\nxy");
	close_writer();
	const char *line = expect_next_line(&rfile, "abcdefghij\n");
	assert_ptr_equal(line, rfile.line);
	assert_bounded(&rfile, 4);
	expect_next_line(&rfile, "xy");
	expect_next_line(&rfile, "");
	assert_bounded(&rfile, 4);
	ss_rfile_close(&rfile);
	assert_null(rfile.line);
}

/* The cap is readline's: past max_line without a newline, EMSGSIZE; exactly
 * max_line and then EOF is the last line. */
static void
next_line_keeps_the_cap(void **state)
{
	ss_rfile rfile;

	(void)state;
	assert_int_equal(ss_rfile_open(&rfile, pair[0], 64, SS_NO_TIMEOUT), 0);
	rfile.max_line = 8;
	send_text("12345678\n");
	const char *line;
	assert_int_equal(ss_rfile_next_line(&rfile, &line), -1);
	assert_int_equal(errno, EMSGSIZE);
	assert_non_null(strstr(ss_error(), "line too long"));
	ss_rfile_close(&rfile);

	int more[2];
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, more), 0);
	assert_int_equal(ss_rfile_open(&rfile, more[0], 3, SS_NO_TIMEOUT), 0);
	rfile.max_line = 8;
	assert_int_equal(support_send_all(more[1], "12345678", 8), 0);
	close(more[1]);
	expect_next_line(&rfile, "12345678");
	expect_next_line(&rfile, "");
	ss_rfile_close(&rfile);
	close(more[0]);
}

/* next_line, readline and read share one stream: each takes up where the
 * other stopped. */
static void
next_line_readline_and_read_share_the_stream(void **state)
{
	ss_rfile rfile;
	char bytes[4];

	(void)state;
	assert_int_equal(ss_rfile_open(&rfile, pair[0], 5, SS_NO_TIMEOUT), 0);
	send_text("first\nsecond\nABCDthird\n");
	close_writer();
	expect_next_line(&rfile, "first\n");
	expect_line(&rfile, "second\n");
	assert_int_equal(ss_rfile_read(&rfile, bytes, 4), 4);
	assert_memory_equal(bytes, "ABCD", 4);
	expect_next_line(&rfile, "third\n");
	expect_next_line(&rfile, "");
	ss_rfile_close(&rfile);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(two_lines_in_one_packet_are_two_lines),
		T(a_partial_last_line_is_returned_as_python_does),
		T(a_line_longer_than_the_buffer_arrives_whole),
		T(a_one_byte_buffer_reads_a_byte_a_recv),
		T(a_line_over_the_cap_is_an_error_not_a_cut_line),
		T(the_cap_counts_the_newline),
		T(a_last_line_of_exactly_the_cap_at_eof_is_fine),
		T(the_callers_buffer_caps_the_line_too),
		T(the_default_cap_stops_an_endless_line),
		T(readline_with_a_limit_gives_partial_lines_as_python),
		T(read_n_waits_for_n_bytes_and_stops_short_only_at_eof),
		T(read_to_eof_reads_all_or_says_too_much),
		T(a_memory_reader_reads_a_packet),
		T(eintr_from_recv_is_retried),
		T(eintr_from_the_wait_is_retried),
		T(a_stop_request_ends_the_wait),
		T(a_reset_is_an_error),
		T(a_silent_client_times_out),
		T(a_trickling_client_cannot_hold_a_line_past_the_timeout),
		T(next_line_hands_over_whole_lines_in_place),
		T(next_line_gathers_a_line_across_receives),
		T(next_line_keeps_the_cap),
		T(next_line_readline_and_read_share_the_stream),
#undef T
	};

	support_watchdog(60);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
