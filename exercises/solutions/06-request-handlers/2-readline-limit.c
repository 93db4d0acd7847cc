/* Exercise 2, solved: readline(limit) from read(1). */
#include "2-readline-limit.h"

ssize_t
readline_limit(ss_rfile *rfile, char *line, size_t limit)
{
	size_t length = 0;

	while (length < limit) { /* the limit first: a byte read is a byte taken */
		char byte;
		ssize_t got = ss_rfile_read(rfile, &byte, 1);
		if (got == -1)
			return -1;
		if (got == 0)
			break; /* EOF: what we have is the last line */
		line[length++] = byte;
		if (byte == '\n')
			break;
	}
	line[length] = '\0';
	return (ssize_t)length;
}
