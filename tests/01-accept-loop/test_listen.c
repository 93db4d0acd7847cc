/* test_listen.c — listening sockets: port 0, port in use, no fd leak. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

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

static void
port_zero_reports_the_real_port(void **state)
{
	ss_address bound;
	int before = support_fd_count();
	int fd;

	(void)state;
	fd = ss_listen("127.0.0.1:0", 5, false, &bound);
	assert_true(fd >= 0);
	assert_true(ss_address_port(&bound) > 0);

	/* and a client can really connect to it */
	char text[SS_ADDRESS_TEXT_MAX];
	int client = support_connect(ss_address_format(&bound, text, sizeof text));
	assert_true(client >= 0);
	close(client);
	close(fd);
	assert_int_equal(support_fd_count(), before);
}

static void
listens_on_ipv6_loopback(void **state)
{
	ss_address bound;
	int fd;

	(void)state;
	fd = ss_listen("[::1]:0", 5, false, &bound);
	if (fd == -1 && errno == EADDRNOTAVAIL)
		skip(); /* a machine without IPv6 on loopback */
	assert_true(fd >= 0);
	assert_int_equal(ss_address_family(&bound), AF_INET6);
	close(fd);
}

static void
port_in_use_is_a_clear_error_and_leaks_nothing(void **state)
{
	ss_address bound;
	char text[SS_ADDRESS_TEXT_MAX];
	int first, second, before;

	(void)state;
	first = ss_listen("127.0.0.1:0", 5, false, &bound);
	assert_true(first >= 0);
	ss_address_format(&bound, text, sizeof text);

	before = support_fd_count();
	errno = 0;
	second = ss_listen(text, 5, false, NULL);
	assert_int_equal(second, -1);
	assert_int_equal(errno, EADDRINUSE);
	assert_non_null(strstr(ss_error(), text));
	assert_non_null(strstr(ss_error(), strerror(EADDRINUSE)));
	assert_int_equal(support_fd_count(), before);
	close(first);
}

static void
bad_address_fails_before_opening_anything(void **state)
{
	int before = support_fd_count();

	(void)state;
	assert_int_equal(ss_listen("nonsense", 5, false, NULL), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(ss_listen("no-such-host.invalid:0", 5, false, NULL), -1);
	assert_int_equal(errno, EADDRNOTAVAIL);
	assert_int_equal(support_fd_count(), before);
}

static void
sockets_are_close_on_exec(void **state)
{
	int fd = ss_socket_open(AF_INET, SOCK_STREAM);

	(void)state;
	assert_true(fd >= 0);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);
}

static void
step_by_step_matches_ss_listen(void **state)
{
	ss_address wanted, bound;
	int fd;

	(void)state;
	assert_int_equal(ss_address_parse("127.0.0.1:0", &wanted), 0);
	fd = ss_socket_open(AF_INET, SOCK_STREAM);
	assert_true(fd >= 0);
	assert_int_equal(ss_socket_reuse_address(fd, true), 0);
	assert_int_equal(ss_socket_bind(fd, &wanted), 0);
	assert_int_equal(ss_socket_listen(fd, 5), 0);
	assert_int_equal(ss_socket_local_address(fd, &bound), 0);
	assert_true(ss_address_port(&bound) > 0);
	close(fd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(port_zero_reports_the_real_port),
		cmocka_unit_test(listens_on_ipv6_loopback),
		cmocka_unit_test(port_in_use_is_a_clear_error_and_leaks_nothing),
		cmocka_unit_test(bad_address_fails_before_opening_anything),
		cmocka_unit_test(sockets_are_close_on_exec),
		cmocka_unit_test(step_by_step_matches_ss_listen),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
