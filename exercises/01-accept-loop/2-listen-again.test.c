/* Exercise 2's test: a server run that closes a connection first, then a
 * restart on the same port while that connection is in TIME_WAIT. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "2-listen-again.h"
#include "net.h"
#include "support.h"

static int
setup(void **state)
{
	(void)state;
	support_watchdog(30);
	ss_reserve_fd_init(); /* the spare fd is opened once; don't count it as a leak */
	return 0;
}

/* The first run: listen, serve one client, close its connection first (the
 * server's side of it goes to TIME_WAIT), stop listening. Writes the address
 * used into text. */
static void
first_run(char *text, size_t size)
{
	ss_address bound;

	int listener = listen_again("127.0.0.1:0");
	if (listener == -1)
		fail_msg("listen_again(\"127.0.0.1:0\") failed: %s", ss_error());
	assert_int_equal(ss_socket_local_address(listener, &bound), 0);
	ss_address_format(&bound, text, size);

	int client = support_connect(text);
	assert_true(client >= 0);
	int connection = ss_accept(listener, NULL);
	assert_true(connection >= 0);

	close(connection); /* the server closes first: its side will wait in TIME_WAIT */
	assert_true(support_peer_closed(client, SUPPORT_WAIT_MS));
	close(client); /* the client answers with its own close */
	close(listener);
}

static void
restarts_on_a_port_held_by_time_wait(void **state)
{
	char text[SS_ADDRESS_TEXT_MAX];
	ss_address again_bound;
	int attempt;

	(void)state;
	/* The old connection must still hold the port, so that a bind without
	 * SO_REUSEADDR fails: only then can this test tell the option's effect.
	 * (A busy machine may drop a TIME_WAIT entry at once: try again.) */
	for (attempt = 0; attempt < 5; attempt++) {
		first_run(text, sizeof text);
		errno = 0;
		int without_option = ss_listen(text, 5, false, NULL);
		if (without_option == -1 && errno == EADDRINUSE)
			break;
		if (without_option != -1)
			close(without_option);
	}
	if (attempt == 5)
		skip(); /* the kernel never kept the port: the next test still checks the option */

	errno = 0;
	int again = listen_again(text);
	if (again == -1)
		fail_msg("listen_again(\"%s\") failed (%s) while the first run's connection is in "
		         "TIME_WAIT: is SO_REUSEADDR set, before bind()?",
		         text, errno == EADDRINUSE ? "EADDRINUSE" : ss_error());

	/* It really listens, on the same port. */
	assert_int_equal(ss_socket_local_address(again, &again_bound), 0);
	char again_text[SS_ADDRESS_TEXT_MAX];
	ss_address_format(&again_bound, again_text, sizeof again_text);
	if (strcmp(again_text, text) != 0)
		fail_msg("listen_again(\"%s\") listens on %s instead", text, again_text);
	int client = support_connect(text);
	if (client < 0)
		fail_msg("cannot connect to %s: does listen_again() call listen()?", text);
	int connection = ss_accept(again, NULL);
	assert_true(connection >= 0);
	close(connection);
	close(client);
	close(again);
}

/* The option itself, read back from the socket. */
static void
the_listening_socket_has_so_reuseaddr(void **state)
{
	int on = 0;
	socklen_t size = sizeof on;

	(void)state;
	int fd = listen_again("127.0.0.1:0");
	if (fd == -1)
		fail_msg("listen_again(\"127.0.0.1:0\") failed: %s", ss_error());
	assert_int_equal(getsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, &size), 0);
	close(fd);
	if (!on)
		fail_msg("the socket listen_again() returned does not have SO_REUSEADDR set "
		         "(getsockopt says 0)");
}

/* The rule TIME_WAIT follows, without waiting for TIME_WAIT: a port that
 * another socket with SO_REUSEADDR is bound to (not listening) may be bound
 * again — by a socket that has the option *when it calls bind()*. */
static void
binds_beside_a_socket_that_does_not_listen(void **state)
{
	ss_address bound;
	char text[SS_ADDRESS_TEXT_MAX];
	int on = 1;

	(void)state;
	int other = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(other >= 0);
	assert_int_equal(setsockopt(other, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on), 0);
	assert_int_equal(ss_address_parse("127.0.0.1:0", &bound), 0);
	assert_int_equal(bind(other, (struct sockaddr *)&bound.storage, bound.length), 0);
	assert_int_equal(ss_socket_local_address(other, &bound), 0);
	ss_address_format(&bound, text, sizeof text);

	errno = 0;
	int fd = listen_again(text);
	int error = errno;
	close(other);
	if (fd == -1)
		fail_msg("listen_again(\"%s\") failed (%s) beside a socket that is bound there "
		         "with SO_REUSEADDR but does not listen: bind() allows that only if the "
		         "new socket has SO_REUSEADDR already when bind() is called",
		         text, error == EADDRINUSE ? "EADDRINUSE" : strerror(error));
	close(fd);
}

static void
still_refuses_a_port_someone_listens_on(void **state)
{
	ss_address bound;
	char text[SS_ADDRESS_TEXT_MAX];

	(void)state;
	int first = ss_listen("127.0.0.1:0", 5, true, &bound);
	assert_true(first >= 0);
	ss_address_format(&bound, text, sizeof text);

	int before = support_fd_count();
	errno = 0;
	int second = listen_again(text);
	int error = errno;
	if (second != -1) {
		close(second);
		fail_msg("listen_again(\"%s\") succeeded while another socket listens there; "
		         "expected -1 with EADDRINUSE (SO_REUSEADDR does not allow that)", text);
	}
	if (error != EADDRINUSE)
		fail_msg("listen_again(\"%s\") failed with %s; expected EADDRINUSE", text,
		         strerror(error));
	if (support_fd_count() != before)
		fail_msg("listen_again() failed but left its socket open: %d fds open before, %d "
		         "after; close it on every failure", before, support_fd_count());
	close(first);
}

static void
a_bad_address_gives_minus_one_and_leaks_nothing(void **state)
{
	int before = support_fd_count();

	(void)state;
	errno = 0;
	int fd = listen_again("nonsense");
	int error = errno;
	if (fd != -1)
		fail_msg("listen_again(\"nonsense\") returned fd %d; expected -1: not an address", fd);
	if (error != EINVAL)
		fail_msg("listen_again(\"nonsense\") failed with %s; expected EINVAL, as "
		         "ss_address_parse sets it", strerror(error));
	if (support_fd_count() != before)
		fail_msg("listen_again(\"nonsense\") left an fd open: %d before, %d after", before,
		         support_fd_count());
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(restarts_on_a_port_held_by_time_wait),
		cmocka_unit_test(the_listening_socket_has_so_reuseaddr),
		cmocka_unit_test(binds_beside_a_socket_that_does_not_listen),
		cmocka_unit_test(still_refuses_a_port_someone_listens_on),
		cmocka_unit_test(a_bad_address_gives_minus_one_and_leaks_nothing),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
