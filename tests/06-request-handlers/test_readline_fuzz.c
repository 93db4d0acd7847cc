/* test_readline_fuzz.c — the line reader against a model, on random input.
 *
 * Each round: random bytes (a random share of them newlines) go into a
 * socketpair; the reader gets a random buffer size and a random cap; recv is
 * wrapped (the @wrap line below) to hand out random-sized pieces and now and
 * then an EINTR; and a random mix of readline, readline(limit), read(n) and
 * next_line must give exactly what a twenty-line model of Python's
 * semantics (plus our cap) says, with the bounded-buffer invariant kept
 * after every call.
 * Seeded and bounded: SS_FUZZ_SEED=N reruns one round; SS_FUZZ_ROUNDS=N
 * changes the count (default 400). Under ASan an overread fails it too. */
/*@wrap recv */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "request_handlers.h"
#include "support.h"

/* xorshift64*: small, seeded, the same on every machine */
static uint64_t rng_state;

static uint64_t
rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static size_t
rng_below(size_t n)
{
	return n == 0 ? 0 : (size_t)(rng() % n);
}

ssize_t __real_recv(int fd, void *buffer, size_t size, int flags);

ssize_t
__wrap_recv(int fd, void *buffer, size_t size, int flags)
{
	if (rng_below(16) == 0) {
		errno = EINTR;
		return -1;
	}
	size_t piece = 1 + rng_below(size < 64 ? size : 64);
	return __real_recv(fd, buffer, piece, flags);
}

/* ---- the model ----------------------------------------------------------- */

typedef struct model {
	const char *data;
	size_t size, position;
} model;

/* The length of the line at the position: up to and with its newline, or
 * to the end. */
static size_t
model_line_length(const model *m)
{
	const char *start = m->data + m->position;
	const char *newline = memchr(start, '\n', m->size - m->position);
	return newline ? (size_t)(newline - start) + 1 : m->size - m->position;
}

/* ---- one round ------------------------------------------------------------ */

static void
fail_round(uint64_t seed, int step, const char *what)
{
	fail_msg("round with SS_FUZZ_SEED=%llu, call %d: %s", (unsigned long long)seed, step, what);
}

static void
one_round(uint64_t seed)
{
	char data[2048], out[128];
	int pair[2];
	ss_rfile rfile;

	rng_state = seed * 0x9E3779B97F4A7C15ULL + 1;
	size_t size = rng_below(sizeof data);
	size_t newline_every = 1 + rng_below(60);
	for (size_t i = 0; i < size; i++)
		data[i] = rng_below(newline_every) == 0 ? '\n' : (char)('a' + rng_below(26));
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
	assert_int_equal(support_send_all(pair[1], data, size), 0);
	close(pair[1]); /* all of it fits in the socket buffer; then EOF */

	size_t capacity = 1 + rng_below(40);
	assert_int_equal(ss_rfile_open(&rfile, pair[0], capacity, SS_NO_TIMEOUT), 0);
	rfile.max_line = 1 + rng_below(100);
	model m = {.data = data, .size = size, .position = 0};

	for (int step = 0; m.position <= m.size && step < 10000; step++) {
		size_t room = 1 + rng_below(sizeof out);
		size_t expected;
		bool expect_error = false;
		ssize_t got;
		int op = (int)rng_below(4);
		const char *in_place = NULL;

		if (op == 0) { /* readline: a whole line, or EMSGSIZE past the cap */
			size_t cap = room - 1 < rfile.max_line ? room - 1 : rfile.max_line;
			size_t line = model_line_length(&m);
			expect_error = line > cap;
			expected = expect_error ? cap : line;
			got = ss_rfile_readline(&rfile, out, room);
		} else if (op == 1) { /* readline(limit): Python's partial line */
			size_t limit = rng_below(room);
			size_t line = model_line_length(&m);
			expected = line < limit ? line : limit;
			got = ss_rfile_readline_limit(&rfile, out, room, (ssize_t)limit);
		} else if (op == 2) { /* read(n) */
			size_t left = m.size - m.position;
			expected = room < left ? room : left;
			got = ss_rfile_read(&rfile, out, room);
		} else { /* next_line: readline's line and cap, left in the reader */
			size_t line = model_line_length(&m);
			expect_error = line > rfile.max_line;
			expected = expect_error ? rfile.max_line : line;
			got = ss_rfile_next_line(&rfile, &in_place);
			if (got > 0 && (size_t)got <= sizeof out)
				memcpy(out, in_place, (size_t)got);
		}
		if (!(rfile.start <= rfile.end && rfile.end <= rfile.capacity && rfile.capacity == capacity))
			fail_round(seed, step, "the bounded-buffer invariant broke");
		if (expect_error) {
			if (got != -1 || errno != EMSGSIZE)
				fail_round(seed, step, "a line over the cap was not an EMSGSIZE error");
		} else {
			if (got != (ssize_t)expected) {
				char what[160];
				snprintf(what, sizeof what, "op %d gave %zd bytes, the model %zu (%s)", op, got,
				         expected, got == -1 ? ss_error() : "");
				fail_round(seed, step, what);
			}
			if (memcmp(out, data + m.position, expected) != 0)
				fail_round(seed, step, "the bytes differ from the model's");
			if (op < 2 && out[expected] != '\0')
				fail_round(seed, step, "a line was not NUL-terminated");
		}
		m.position += expected; /* an over-long line: its first cap bytes are consumed */
		if (m.position == m.size && !expect_error && expected == 0 && op != 1)
			break; /* EOF seen */
	}
	ss_rfile_close(&rfile);
	close(pair[0]);
}

static void
the_reader_matches_the_model_on_random_input(void **state)
{
	const char *seed_text = getenv("SS_FUZZ_SEED");
	const char *rounds_text = getenv("SS_FUZZ_ROUNDS");
	int rounds = rounds_text ? atoi(rounds_text) : 400;
	int fds = support_fd_count();

	(void)state;
	if (seed_text != NULL) {
		one_round(strtoull(seed_text, NULL, 10));
	} else {
		for (int seed = 1; seed <= rounds; seed++)
			one_round((uint64_t)seed);
	}
	assert_int_equal(support_fd_count(), fds);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_reader_matches_the_model_on_random_input),
	};

	support_watchdog(120);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
