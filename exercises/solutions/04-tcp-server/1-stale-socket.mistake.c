/* Exercise 1, THE MISTAKE its hint warns about: the path removed blindly, a
 * live server's socket and a plain file included. */
#include "1-stale-socket.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

int
exercise_remove_stale_socket(const char *path)
{
	/* the mistake: the file goes, whoever listens on it */
	if (unlink(path) == -1 && errno != ENOENT) {
		ss_set_error("cannot remove %s: %s", path, strerror(errno));
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
