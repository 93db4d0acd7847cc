/* Exercise 2's test: a server run that closes a connection first, then a
 * restart on the same port while that connection is in TIME_WAIT. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>
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

	(void)state;
	first_run(text, sizeof text);

	/* The old connection still holds the port: a bind without SO_REUSEADDR
	 * fails. (If it did not, this test could not tell the option's effect.) */
	errno = 0;
	int without_option = ss_listen(text, 5, false, NULL);
	if (without_option != -1) {
		close(without_option);
		skip(); /* this kernel let the port go at once: nothing to show here */
	}

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
		cmocka_unit_test(still_refuses_a_port_someone_listens_on),
		cmocka_unit_test(a_bad_address_gives_minus_one_and_leaks_nothing),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
