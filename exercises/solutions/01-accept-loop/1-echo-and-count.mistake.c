/* Exercise 1, THE MISTAKE its hint warns about: each receive counted as a
 * whole buffer, whatever arrived. */
#include "1-echo-and-count.h"

#include <stdio.h>

#include "net.h"

ssize_t
echo_and_count(int fd)
{
	char buffer[4096];
	ssize_t echoed = 0;

	for (;;) {
		ssize_t received = ss_recv(fd, buffer, sizeof buffer);
		if (received == -1)
			return -1; /* a reset, or another error: errno is ss_recv's */
		if (received == 0)
			break; /* the client's half-close: it still reads */
		if (ss_send_all(fd, buffer, (size_t)received) == -1)
			return -1;
		echoed += (ssize_t)sizeof buffer; /* the mistake: counts the buffer, not what arrived */
	}
	char report[32];
	int length = snprintf(report, sizeof report, "%zd bytes\n", echoed);
	if (ss_send_all(fd, report, (size_t)length) == -1)
		return -1;
	return echoed;
}
