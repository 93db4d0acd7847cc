/* Exercise 1: a UnixStreamServer that can start again after a crash.
 *
 * Test it:  make exercises
 * or alone: make build/normal/exercises/04-tcp-server/1-stale-socket.learner &&
 *           build/normal/exercises/04-tcp-server/1-stale-socket.learner
 */
#include "1-stale-socket.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

/* TODO: write exercise_remove_stale_socket (1-stale-socket.h says exactly
 * what it must do).
 *
 * bind() on a Unix address creates a socket file, and closing the socket
 * does not remove it: Python's server_close does not either. A server that
 * was killed leaves its file behind, and the next start fails with
 * "Address already in use" though nobody listens. Removing the file blindly
 * before every bind is the usual answer — and it is wrong: if a server *is*
 * running there, its file goes, and with it every client's way to reach it;
 * the new server then takes over the path while the old one serves nobody.
 *
 * The safe way asks the socket. lstat(2) says whether path exists and is a
 * socket (S_ISSOCK); a connect(2) with a new AF_UNIX stream socket says
 * whether anyone listens: it succeeds if a server does, and fails with
 * ECONNREFUSED if the file is all that is left. Remove the file (unlink) in
 * that case only. (A sockaddr_un for path: ss_unix_address_parse, in
 * tcp_server.h.)
 */
int
exercise_remove_stale_socket(const char *path)
{
	(void)path;
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
