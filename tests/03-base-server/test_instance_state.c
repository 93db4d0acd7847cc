/* test_instance_state.c — what chapter 5's mix-ins need from the class
 * model: state blocks attached to an instance and found by their owner's
 * class, references that keep an instance alive after ss_server_free, and
 * attribute defaults looked up by the class that introduced them, so that a
 * mix-in's attributes do not shadow those of the server under it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "base_server.h"
#include "support.h"

typedef struct server_attributes { int size; } server_attributes;
typedef struct mixin_attributes { const char *flavour; } mixin_attributes;

static const server_attributes a_defaults = {.size = 1};
static const server_attributes b_defaults = {.size = 2};
static const mixin_attributes m_defaults = {.flavour = "plain"};
static const mixin_attributes m2_defaults = {.flavour = "spicy"};

/* BaseServer <- A <- B; a mix-in M and its subclass M2; C = (M2, B). */
static const ss_server_class class_a = {.name = "A", .base = &ss_base_server, .attributes = &a_defaults};
static const ss_server_class class_b = {.name = "B", .base = &class_a, .attributes = &b_defaults};
static const ss_server_class mixin_m = {.name = "M", .attributes = &m_defaults};
static const ss_server_class mixin_m2 = {.name = "M2", .base = &mixin_m, .attributes = &m2_defaults};
static const ss_server_class class_c = {.name = "C", .base = &class_b, .mixin = &mixin_m2};
static const ss_server_class class_d = {.name = "D", .base = &class_a, .mixin = &mixin_m};

static void
attributes_are_found_by_the_class_that_introduced_them(void **state)
{
	(void)state;
	/* C's resolution order: C, M2, M, B, A, BaseServer. M2's attributes come
	 * first, yet A's kind is still found — in B. */
	assert_ptr_equal(ss_server_class_attributes(&class_c, &class_a), &b_defaults);
	assert_ptr_equal(ss_server_class_attributes(&class_c, &mixin_m), &m2_defaults);
	assert_ptr_equal(ss_server_class_attributes(&class_d, &mixin_m), &m_defaults);
	assert_ptr_equal(ss_server_class_attributes(&class_d, &class_a), &a_defaults);
	assert_ptr_equal(ss_server_class_attributes(&class_a, &class_a), &a_defaults);
	assert_null(ss_server_class_attributes(&class_b, &mixin_m));
	assert_null(ss_server_class_attributes(&ss_base_server, &class_a));
}

static int released[2];

static void
release_first(void *block)
{
	assert_int_equal(*(int *)block, 11);
	released[0]++;
}

static void
release_second(void *block)
{
	assert_int_equal(*(int *)block, 22);
	released[1]++;
}

static void
state_blocks_are_found_by_owner_and_released_with_the_instance(void **state)
{
	(void)state;
	memset(released, 0, sizeof released);
	ss_server *server = ss_server_new(&class_a, "", NULL, NULL);
	assert_non_null(server);
	assert_null(ss_server_state(server, &mixin_m));

	int *first = ss_server_attach_state(server, &mixin_m, sizeof(int), release_first);
	int *second = ss_server_attach_state(server, &mixin_m2, sizeof(int), release_second);
	assert_non_null(first);
	assert_non_null(second);
	assert_int_equal(*first, 0); /* zeroed */
	*first = 11;
	*second = 22;
	assert_ptr_equal(ss_server_state(server, &mixin_m), first);
	assert_ptr_equal(ss_server_state(server, &mixin_m2), second);
	assert_null(ss_server_state(server, &class_b));

	ss_server_free(server);
	assert_int_equal(released[0], 1);
	assert_int_equal(released[1], 1);
}

/* A second reference (a handler thread's) keeps the instance, and its
 * state, alive after ss_server_free; the last release frees it. Under ASan,
 * a use after the wrong free would be caught here. */
static void
a_reference_keeps_the_instance_alive(void **state)
{
	(void)state;
	memset(released, 0, sizeof released);
	ss_server *server = ss_server_new(&class_a, "", NULL, NULL);
	assert_non_null(server);
	int *block = ss_server_attach_state(server, &mixin_m, sizeof(int), release_first);
	*block = 11;

	ss_server_retain(server);
	ss_server_free(server); /* closes, gives up the program's reference */
	assert_true(server->closed);
	assert_int_equal(released[0], 0);
	assert_ptr_equal(ss_server_state(server, &mixin_m), block); /* still there */
	ss_server_release(server);
	assert_int_equal(released[0], 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(attributes_are_found_by_the_class_that_introduced_them),
		cmocka_unit_test(state_blocks_are_found_by_owner_and_released_with_the_instance),
		cmocka_unit_test(a_reference_keeps_the_instance_alive),
	};
	support_watchdog(30);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
