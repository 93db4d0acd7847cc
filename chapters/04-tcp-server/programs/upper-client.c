/* upper-client — the seeds' clients: send each MESSAGE, print the reply.
 *
 *   upper-client --kind tcp|udp --connect ADDRESS MESSAGE...
 *
 * TCP: one connection, send and receive per message. UDP: one sendto and
 * one recvfrom per message (a reply that does not come within 5 seconds —
 * UDP may lose it — is an error). Exit status 0, 1 on failure, 2 on usage.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net.h"
#include "program.h"

static const char usage[] = "usage: upper-client --kind tcp|udp --connect ADDRESS MESSAGE...\n";

/* Receive one reply of at most size - 1 bytes within 5 s; its length or -1. */
static ssize_t
receive_reply(int fd, char *reply, size_t size, size_t expected, bool stream)
{
	size_t length = 0;

	do {
		struct pollfd watch = {.fd = fd, .events = POLLIN};
		if (poll(&watch, 1, 5000) <= 0) {
			fprintf(stderr, "upper-client: no reply within 5 seconds\n");
			return -1;
		}
		ssize_t received = recv(fd, reply + length, size - 1 - length, 0);
		if (received <= 0) {
			fprintf(stderr, "upper-client: %s\n", received == 0 ? "server closed" : strerror(errno));
			return -1;
		}
		length += (size_t)received;
	} while (stream && length < expected && length < size - 1);
	reply[length] = '\0';
	return (ssize_t)length;
}

int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{"kind", required_argument, NULL, 'k'},
		{"connect", required_argument, NULL, 'c'},
		{NULL, 0, NULL, 0},
	};
	const char *kind = NULL, *text = NULL;
	ss_address address;
	int option, fd;

	while ((option = getopt_long(argc, argv, "k:c:", options, NULL)) != -1) {
		if (option == 'k')
			kind = optarg;
		else if (option == 'c')
			text = optarg;
		else
			ss_usage_exit(usage);
	}
	if (kind == NULL || text == NULL || optind == argc ||
	    (strcmp(kind, "tcp") != 0 && strcmp(kind, "udp") != 0))
		ss_usage_exit(usage);
	bool stream = strcmp(kind, "tcp") == 0;

	if (ss_address_parse(text, &address) == -1 ||
	    (fd = ss_socket_open(ss_address_family(&address), stream ? SOCK_STREAM : SOCK_DGRAM)) == -1) {
		fprintf(stderr, "upper-client: %s\n", ss_error());
		return SS_EXIT_FAILURE;
	}
	/* connect() on a datagram socket only fixes the peer: send/recv then work */
	if (connect(fd, (const struct sockaddr *)&address.storage, address.length) == -1) {
		fprintf(stderr, "upper-client: cannot connect to %s: %s\n", text, strerror(errno));
		close(fd);
		return SS_EXIT_FAILURE;
	}
	for (int i = optind; i < argc; i++) {
		char reply[8192];
		size_t length = strlen(argv[i]);
		if (ss_send_all(fd, argv[i], length) == -1 ||
		    receive_reply(fd, reply, sizeof reply, length, stream) == -1) {
			close(fd);
			return SS_EXIT_FAILURE;
		}
		printf("%s\n", reply);
	}
	close(fd);
	return SS_EXIT_OK;
}
