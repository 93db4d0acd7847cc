/* Exercise 2: readline with a limit, the slow way.
 *
 * Test it:  make exercises
 * or alone: make build/normal/exercises/06-request-handlers/2-readline-limit.learner &&
 *           build/normal/exercises/06-request-handlers/2-readline-limit.learner
 */
#include "2-readline-limit.h"

/* TODO: Python's rfile.readline(limit), one byte at a time.
 *
 * A client can send a line of any length; readline(limit) is how a handler
 * says "no more than this": it returns at most limit bytes — a partial line
 * if the line is longer, and the rest of that line comes with the next call.
 * So not one byte past the limit may be taken from rfile: a byte read is a
 * byte the next call will not see.
 *
 * ss_rfile_read(rfile, &byte, 1) gives 1 (a byte), 0 (EOF) or -1 (error).
 * Stop after a '\n' (keep it in the line), at EOF, or when the line holds
 * limit bytes. NUL-terminate line; return its length.
 */
ssize_t
readline_limit(ss_rfile *rfile, char *line, size_t limit)
{
	(void)rfile, (void)limit;
	line[0] = '\0';
	return 0;
}
