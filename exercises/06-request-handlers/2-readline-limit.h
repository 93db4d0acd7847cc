/* Exercise 2: Python's readline(limit), built from read(1).
 * Included by the stub, the solution and the test. */
#ifndef EXERCISE_2_READLINE_LIMIT_H
#define EXERCISE_2_READLINE_LIMIT_H

#include <sys/types.h>

#include "request_handlers.h"

/* Read one line from rfile, one byte at a time with ss_rfile_read: at most
 * limit bytes, stopping after a '\n' (kept), or at EOF. line has room for
 * limit + 1 bytes: NUL-terminate it. Returns the length, 0 at EOF (or for
 * limit 0), -1 if a read failed. */
ssize_t readline_limit(ss_rfile *rfile, char *line, size_t limit);

#endif
