/* Exercise 1, a solution: ask the socket before removing its file. */
#include "1-stale-socket.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

/* Is a server listening at address? 1 yes, 0 no (the connection is
 * refused: the file is stale), -1 on another error (errno). */
static int
someone_listens(const ss_address *address)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int answer;

	if (fd == -1)
		return -1;
	if (connect(fd, (const struct sockaddr *)&address->storage, address->length) == 0)
		answer = 1;
	else
		answer = errno == ECONNREFUSED ? 0 : -1;
	int saved_errno = errno;
	close(fd);
	errno = saved_errno;
	return answer;
}

int
exercise_remove_stale_socket(const char *path)
{
	ss_address address;
	struct stat file;

	if (ss_unix_address_parse(path, &address) == -1)
		return -1;
	if (lstat(path, &file) == -1) {
		if (errno == ENOENT)
			return 0; /* nothing there: bind will create it */
		ss_set_error("cannot look at %s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISSOCK(file.st_mode))
		return 0; /* not ours to remove: bind fails and says so */
	int listening = someone_listens(&address);
	if (listening == 1)
		return 0; /* a live server: leave it be; bind fails with EADDRINUSE */
	if (listening == -1) {
		if (errno == EACCES || errno == EAGAIN)
			return 0; /* cannot tell: do not touch it */
		ss_set_error("cannot check %s: %s", path, strerror(errno));
		return -1;
	}
	if (unlink(path) == -1 && errno != ENOENT) { /* someone else may have removed it */
		ss_set_error("cannot remove the stale socket %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* ---- given: the class ------------------------------------------------------ */

/* Python:
 *     class TidyUnixStreamServer(UnixStreamServer):
 *         def __init__(self, path, handler, bind_and_activate=True):
 *             remove_stale_socket(path)
 *             super().__init__(path, handler, bind_and_activate)
 */
static int
tidy_init(ss_server *self, const char *server_address, bool bind_and_activate)
{
	ss_server_class super;

	if (bind_and_activate && exercise_remove_stale_socket(server_address) == -1)
		return -1;
	ss_server_super(self, &tidy_unix_stream_server, &super);
	return super.init(self, server_address, bind_and_activate);
}

const ss_server_class tidy_unix_stream_server = {
	.name = "TidyUnixStreamServer",
	.base = &ss_unix_stream_server,
	.init = tidy_init,
};
