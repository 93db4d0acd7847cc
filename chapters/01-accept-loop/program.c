/* program.c — the conventions shared by every server program. */
#include "program.h"

#include <stdio.h>
#include <stdlib.h>

#include "net.h"

int
ss_announce_listening(int fd)
{
	ss_address bound;
	char text[SS_ADDRESS_TEXT_MAX];

	if (ss_socket_local_address(fd, &bound) == -1)
		return -1;
	printf("listening on %s\n", ss_address_format(&bound, text, sizeof text));
	return fflush(stdout) == 0 ? 0 : -1;
}

void
ss_usage_exit(const char *usage)
{
	fputs(usage, stderr);
	exit(SS_EXIT_USAGE);
}

void
ss_help_exit(const char *usage)
{
	fputs(usage, stdout);
	exit(fflush(stdout) == 0 ? SS_EXIT_OK : SS_EXIT_FAILURE);
}
