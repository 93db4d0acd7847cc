/* test_address.c — parsing and formatting "host:port" addresses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include "net.h"

static void
assert_round_trip(const char *text, int family, int port, const char *expected)
{
	ss_address address;
	char formatted[SS_ADDRESS_TEXT_MAX];

	assert_int_equal(ss_address_parse(text, &address), 0);
	assert_int_equal(ss_address_family(&address), family);
	assert_int_equal(ss_address_port(&address), port);
	assert_string_equal(ss_address_format(&address, formatted, sizeof formatted), expected);
}

static void
parses_ipv4(void **state)
{
	(void)state;
	assert_round_trip("127.0.0.1:8080", AF_INET, 8080, "127.0.0.1:8080");
	assert_round_trip("127.0.0.1:65535", AF_INET, 65535, "127.0.0.1:65535");
}

static void
parses_port_zero(void **state)
{
	(void)state;
	assert_round_trip("127.0.0.1:0", AF_INET, 0, "127.0.0.1:0");
}

static void
parses_ipv6_in_brackets(void **state)
{
	(void)state;
	assert_round_trip("[::1]:9999", AF_INET6, 9999, "[::1]:9999");
	assert_round_trip("[fe80::1:2]:1", AF_INET6, 1, "[fe80::1:2]:1");
}

static void
resolves_localhost(void **state)
{
	ss_address address;

	(void)state;
	assert_int_equal(ss_address_parse("localhost:7", &address), 0);
	assert_int_equal(ss_address_port(&address), 7);
}

static void
empty_host_means_every_interface(void **state)
{
	ss_address address;

	(void)state;
	assert_int_equal(ss_address_parse(":5000", &address), 0);
	assert_int_equal(ss_address_port(&address), 5000);
}

static void
assert_malformed(const char *text)
{
	ss_address address;

	errno = 0;
	assert_int_equal(ss_address_parse(text, &address), -1);
	assert_int_equal(errno, EINVAL);
	assert_non_null(strstr(ss_error(), "bad address"));
	if (text != NULL)
		assert_non_null(strstr(ss_error(), text));
}

static void
rejects_malformed_text(void **state)
{
	(void)state;
	assert_malformed("127.0.0.1");        /* no port */
	assert_malformed("127.0.0.1:");       /* empty port */
	assert_malformed("127.0.0.1:http");   /* ports are numbers */
	assert_malformed("127.0.0.1:65536");  /* too large */
	assert_malformed("127.0.0.1:-1");     /* negative */
	assert_malformed("127.0.0.1:80x");    /* trailing junk */
	assert_malformed("::1:80");           /* v6 needs brackets */
	assert_malformed("[::1]80");          /* no colon after the bracket */
	assert_malformed("[::1:80");          /* unclosed bracket */
	assert_malformed("");
	assert_malformed(NULL);
}

static void
unresolvable_host_names_itself(void **state)
{
	ss_address address;

	(void)state;
	errno = 0;
	/* .invalid is reserved (RFC 2606): it never resolves, and no query leaves
	 * the machine for a name that /etc/hosts and the resolver reject. */
	assert_int_equal(ss_address_parse("no-such-host.invalid:80", &address), -1);
	assert_int_equal(errno, EADDRNOTAVAIL);
	assert_non_null(strstr(ss_error(), "no-such-host.invalid"));
}

static void
rejects_bad_numeric_host(void **state)
{
	ss_address address;

	(void)state;
	assert_int_equal(ss_address_parse("[not-v6]:80", &address), -1);
	assert_int_equal(ss_address_parse("999.1.1.1:80", &address), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_ipv4),
		cmocka_unit_test(parses_port_zero),
		cmocka_unit_test(parses_ipv6_in_brackets),
		cmocka_unit_test(resolves_localhost),
		cmocka_unit_test(empty_host_means_every_interface),
		cmocka_unit_test(rejects_malformed_text),
		cmocka_unit_test(unresolvable_host_names_itself),
		cmocka_unit_test(rejects_bad_numeric_host),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
