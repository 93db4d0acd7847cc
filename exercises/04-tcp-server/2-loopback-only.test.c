/* Exercise 2's test: verify_request on made-up addresses, then a real
 * loopback client served through it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "2-loopback-only.h"
#include "support.h"

static bool
verdict(ss_server *server, const char *address)
{
	ss_address parsed;
	ss_request request = {.fd = -1};

	assert_int_equal(ss_address_parse(address, &parsed), 0);
	return server->cls->verify_request(server, &request, &parsed);
}

/* Made-up clients, whether each is on loopback, and why. */
static const struct {
	const char *address;
	bool loopback;
	const char *why;
} clients[] = {
	{"127.0.0.1:5000", true, "it is IPv4's loopback address"},
	{"127.1.2.3:5000", true, "all of 127.0.0.0/8 is loopback, not only 127.0.0.1"},
	{"[::1]:5000", true, "it is IPv6's loopback address"},
	{"[::ffff:127.0.0.1]:5000", true, "it is IPv4's loopback, mapped into IPv6"},
	{"10.1.2.3:5000", false, "a private address is not loopback"},
	{"192.168.0.127:5000", false, "it ends in 127 but starts elsewhere: look at the first byte"},
	{"128.0.0.1:5000", false, "only a first byte of 127 is loopback"},
	{"[2001:db8::1]:5000", false, "it is an IPv6 address other than ::1"},
	{"[::ffff:10.0.0.127]:5000", false, "it is an IPv4-mapped address, but not of 127.0.0.0/8"},
	{"[::2]:5000", false, "IPv6 has one loopback address, ::1"},
};

static int
answer(ss_handler *self)
{
	return ss_send_all(self->request->fd, "welcome\n", 8) == -1 ? -1 : 0;
}

static const ss_handler_class welcome = {
	.name = "Welcome", .base = &ss_base_request_handler, .handle = answer};

static void
only_loopback_clients_are_verified(void **state)
{
	(void)state;
	char reply[8];

	support_watchdog(30);
	ss_server *server = ss_server_new(&loopback_only_server, "127.0.0.1:0", &welcome, NULL);
	assert_non_null(server);

	for (size_t i = 0; i < sizeof clients / sizeof clients[0]; i++) {
		if (verdict(server, clients[i].address) != clients[i].loopback)
			fail_msg("verify_request must %s %s: %s", clients[i].loopback ? "accept" : "refuse",
			         clients[i].address, clients[i].why);
	}

	int client = support_connect(server->server_address);
	assert_true(client >= 0);
	int result = ss_handle_request(server);
	if (result != 0)
		fail_msg("handle_request of a real loopback client: expected 0, got %d", result);
	if (support_recv_exact(client, reply, 8, 5000) != 0 || memcmp(reply, "welcome\n", 8) != 0)
		fail_msg("a client on 127.0.0.1 was not served: it must be verified, then handled");
	close(client);
	ss_server_free(server);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(only_loopback_clients_are_verified),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
