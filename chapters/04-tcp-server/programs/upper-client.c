/* upper-client — the seeds' clients: send each MESSAGE, print the reply.
 *
 *   upper-client --kind tcp|udp|unix-stream|unix-dgram --connect ADDRESS MESSAGE...
 *
 * ADDRESS is host:port (or [v6addr]:port) for tcp and udp, a socket path for
 * the unix kinds. Stream kinds: one connection, a send and its reply per
 * message. Datagram kinds: one datagram out and one back per message; a
 * reply that does not come within 5 seconds (UDP may lose it) is an error.
 *
 * A Unix datagram client needs an address of its own: unbound, it sends
 * from nowhere, the server sees None (Python) as its address, and its
 * answer cannot come back. So, as CPython's test_socketserver does, it
 * binds a temporary path first — in a fresh directory made by mkdtemp — and
 * removes both on every way out: an error, the end, and SIGINT/SIGTERM too,
 * which end its wait for a reply (stop.h) instead of killing it.
 *
 * Exit status: 0 every reply came (or --help); 1 on failure; 2 on usage.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net.h"
#include "program.h"

static const char usage[] =
	"usage: upper-client --kind tcp|udp|unix-stream|unix-dgram --connect ADDRESS MESSAGE...\n"
	"  ADDRESS  host:port or [v6addr]:port; a socket path for the unix kinds\n";

static const struct kind {
	const char *name;
	int type;            /* SOCK_STREAM or SOCK_DGRAM */
	bool unix_socket;    /* ADDRESS is a path */
	bool binds_own_path; /* a Unix datagram client: see the top of the file */
} kinds[] = {
	{"tcp", SOCK_STREAM, false, false},
	{"udp", SOCK_DGRAM, false, false},
	{"unix-stream", SOCK_STREAM, true, false},
	{"unix-dgram", SOCK_DGRAM, true, true},
};

/* The directory and the path a unix-dgram client binds; "" while none. */
static char own_directory[PATH_MAX];
static char own_path[PATH_MAX + 16];

static int
bind_address_of_our_own(ss_address *local)
{
	const char *base = getenv("TMPDIR");

	snprintf(own_directory, sizeof own_directory, "%s/upper-client-XXXXXX",
	         base != NULL && base[0] != '\0' ? base : "/tmp");
	if (mkdtemp(own_directory) == NULL) {
		ss_set_error("cannot make a directory for the client's socket: %s", strerror(errno));
		own_directory[0] = '\0';
		return -1;
	}
	snprintf(own_path, sizeof own_path, "%s/client.sock", own_directory);
	return ss_unix_address_parse(own_path, local);
}

/* Called on every way out of main, after the socket is closed. */
static void
remove_address_of_our_own(void)
{
	if (own_path[0] != '\0')
		unlink(own_path); /* bind() made it; nobody else removes it */
	if (own_directory[0] != '\0')
		rmdir(own_directory);
}

/* Receive one reply of at most size - 1 bytes within 5 s; its length or -1. */
static ssize_t
receive_reply(int fd, char *reply, size_t size, size_t expected, bool stream)
{
	size_t length = 0;

	do {
		int ready = ss_wait_fd(fd, POLLIN, 5000);
		if (ready <= 0) {
			fprintf(stderr, "upper-client: %s\n",
			        ready == 0 ? "no reply within 5 seconds" : ss_error());
			return -1;
		}
		ssize_t received = ss_recv(fd, reply + length, size - 1 - length);
		if (received <= 0) {
			fprintf(stderr, "upper-client: %s\n", received == 0 ? "server closed" : ss_error());
			return -1;
		}
		length += (size_t)received;
	} while (stream && length < expected && length < size - 1);
	reply[length] = '\0';
	return (ssize_t)length;
}

static int
talk(const struct kind *kind, const char *address, char **messages, int count)
{
	ss_address local;
	int fd;

	if (kind->binds_own_path && bind_address_of_our_own(&local) == -1) {
		fprintf(stderr, "upper-client: %s\n", ss_error());
		return SS_EXIT_FAILURE;
	}
	/* connect() on a datagram socket only fixes the peer: send/recv then work */
	fd = ss_connect_socket(address, kind->type, kind->binds_own_path ? &local : NULL);
	if (fd == -1) {
		fprintf(stderr, "upper-client: %s\n", ss_error());
		return SS_EXIT_FAILURE;
	}
	for (int i = 0; i < count; i++) {
		char reply[8192];
		size_t length = strlen(messages[i]);
		if (ss_send_all(fd, messages[i], length) == -1) {
			fprintf(stderr, "upper-client: %s\n", ss_error());
			close(fd);
			return SS_EXIT_FAILURE;
		}
		if (receive_reply(fd, reply, sizeof reply, length, kind->type == SOCK_STREAM) == -1) {
			close(fd);
			return SS_EXIT_FAILURE;
		}
		printf("%s\n", reply);
	}
	close(fd);
	return SS_EXIT_OK;
}

int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{"kind", required_argument, NULL, 'k'},
		{"connect", required_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *kind_name = NULL, *address = NULL;
	const struct kind *kind = NULL;
	int option, status;

	while ((option = getopt_long(argc, argv, "k:c:h", options, NULL)) != -1) {
		if (option == 'k')
			kind_name = optarg;
		else if (option == 'c')
			address = optarg;
		else if (option == 'h')
			ss_help_exit(usage);
		else
			ss_usage_exit(usage);
	}
	for (size_t i = 0; kind_name != NULL && i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].name, kind_name) == 0)
			kind = &kinds[i];
	if (kind == NULL || address == NULL || optind == argc)
		ss_usage_exit(usage);
	if (kind->unix_socket != ss_address_is_path(address)) {
		fprintf(stderr, "upper-client: --kind %s needs %s, not '%s'\n", kind->name,
		        kind->unix_socket ? "a socket path (with a '/': ./echo.sock)" : "host:port",
		        address);
		ss_usage_exit(usage);
	}

	ss_stop_on_signals(); /* SIGINT/SIGTERM end a wait, so the clean-up below runs */
	status = talk(kind, address, argv + optind, argc - optind);
	remove_address_of_our_own();
	return status;
}
