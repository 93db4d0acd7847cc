/* Exercise 1, a solution: the conversation loop. Compare it with
 * echo_conversation in chapters/01-accept-loop/programs/iterative-echo.c. */
#include "1-echo-until-closed.h"

#include "net.h"

int
echo_until_closed(int fd)
{
	char buffer[4096];

	for (;;) {
		ssize_t received = ss_recv(fd, buffer, sizeof buffer);
		if (received == 0)
			return 0; /* the peer closed its side: the conversation is over */
		if (received == -1)
			return -1; /* a reset, or another error: errno is ss_recv's */
		/* a short receive is not the end: send it back and go on */
		if (ss_send_all(fd, buffer, (size_t)received) == -1)
			return -1;
	}
}
