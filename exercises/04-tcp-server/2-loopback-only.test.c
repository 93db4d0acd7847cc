/* Exercise 2's test: verify_request on made-up addresses, then a real
 * loopback client served through it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
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

static void
expect_verdict(ss_server *server, const char *address, bool expected)
{
	if (verdict(server, address) != expected)
		fail_msg("verify_request said %s for a client at %s; expected %s: %s", expected ? "false" : "true",
		         address, expected ? "true" : "false",
		         expected ? "it is on the loopback network" : "it is not on this machine");
}

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

	expect_verdict(server, "127.0.0.1:5000", true);
	expect_verdict(server, "127.1.2.3:5000", true);
	expect_verdict(server, "[::1]:5000", true);
	expect_verdict(server, "[::ffff:127.0.0.1]:5000", true);
	expect_verdict(server, "10.1.2.3:5000", false);
	expect_verdict(server, "192.168.0.127:5000", false);
	expect_verdict(server, "128.0.0.1:5000", false);
	expect_verdict(server, "[2001:db8::1]:5000", false);
	expect_verdict(server, "[::ffff:10.0.0.127]:5000", false);
	expect_verdict(server, "[::2]:5000", false);

	int client = support_connect(server->server_address);
	assert_true(client >= 0);
	if (ss_handle_request(server) != 0)
		fail_msg("handle_request for a loopback client failed: %s", ss_error());
	if (support_recv_exact(client, reply, 8, 5000) != 0 || memcmp(reply, "welcome\n", 8) != 0)
		fail_msg("a real client on 127.0.0.1 got no \"welcome\": was it turned away?");
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
