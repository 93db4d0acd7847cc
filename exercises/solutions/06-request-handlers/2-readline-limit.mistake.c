/* Exercise 2 with the mistake its hint warns about: the byte is read before
 * the limit is checked, and so lost when the line is full. The test must
 * fail on it. */
#include "2-readline-limit.h"

ssize_t
readline_limit(ss_rfile *rfile, char *line, size_t limit)
{
	size_t length = 0;

	for (;;) {
		char byte;
		ssize_t got = ss_rfile_read(rfile, &byte, 1);
		if (got == -1)
			return -1;
		if (got == 0 || length == limit)
			break; /* too late: the byte just read is gone */
		line[length++] = byte;
		if (byte == '\n')
			break;
	}
	line[length] = '\0';
	return (ssize_t)length;
}
