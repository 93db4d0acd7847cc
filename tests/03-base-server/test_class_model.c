/* test_class_model.c — classes in plain C: the resolution order built by
 * hand (a subclass's slot wins, NULL inherits, a mix-in sits between a class
 * and its base), super, attribute defaults, instances embedding their base,
 * every class resolving every slot, and BaseServer alone refusing to serve
 * (it has no fileno) or bind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "base_server.h"
#include "class.h"
#include "slots.h"
#include "support.h"

/* ---- a small hierarchy: BaseServer <- A <- B, and C = A with a mix-in M --- */

typedef struct a_attributes {
	int answer;
	const char *colour;
} a_attributes;

typedef struct a_server {
	ss_server base;
	a_attributes attributes;
	int inits; /* how many __init__ ran, in order: see a_init */
} a_server;

static const a_attributes a_defaults = {.answer = 42, .colour = "red"};
static const a_attributes b2_defaults = {.answer = 0, .colour = "blue"};
extern const ss_server_class class_a;

static int
a_init(ss_server *self, const char *address, bool bind_and_activate)
{
	ss_server_class super;

	ss_server_super(self, &class_a, &super);
	if (super.init(self, address, bind_and_activate) == -1)
		return -1;
	((a_server *)self)->attributes = *(const a_attributes *)self->cls->attributes;
	((a_server *)self)->inits++;
	return 0;
}

static int
a_get_request(ss_server *self, ss_request *request, ss_address *client_address)
{
	(void)self, (void)request, (void)client_address;
	return -1;
}

static bool
b_verify_request(ss_server *self, ss_request *request, const ss_address *client_address)
{
	(void)self, (void)request, (void)client_address;
	return false;
}

static int
m_process_request(ss_server *self, ss_request *request, const ss_address *client_address)
{
	(void)self, (void)request, (void)client_address;
	return 0;
}

static int
m_get_request(ss_server *self, ss_request *request, ss_address *client_address)
{
	(void)self, (void)request, (void)client_address;
	return 0;
}

static int
c_process_request(ss_server *self, ss_request *request, const ss_address *client_address)
{
	(void)self, (void)request, (void)client_address;
	return 0;
}

const ss_server_class class_a = {
	.name = "A",
	.base = &ss_base_server,
	.instance_size = sizeof(a_server),
	.attributes = &a_defaults,
	.init = a_init,
	.get_request = a_get_request,
};

static const ss_server_class class_b = {
	.name = "B",
	.base = &class_a,
	.verify_request = b_verify_request, /* everything else: NULL, inherited */
};

static const ss_server_class class_b2 = {
	.name = "B2",
	.base = &class_a,
	.attributes = &b2_defaults,
};

/* A mix-in: no base of its own; it is placed in front of one. */
static const ss_server_class mixin_m = {
	.name = "M",
	.process_request = m_process_request,
	.get_request = m_get_request,
};

/* class C(M, A) */
static const ss_server_class class_c = {
	.name = "C",
	.base = &class_a,
	.mixin = &mixin_m,
};

/* class D(M, A) that defines process_request itself */
static const ss_server_class class_d = {
	.name = "D",
	.base = &class_a,
	.mixin = &mixin_m,
	.process_request = c_process_request,
};

static void
a_subclass_slot_wins_and_null_inherits(void **state)
{
	ss_server_class methods;

	(void)state;
	ss_server_class_resolve(&class_b, &methods);
	assert_string_equal(methods.name, "B");
	assert_ptr_equal(methods.verify_request, b_verify_request); /* B's own */
	assert_ptr_equal(methods.get_request, a_get_request);       /* from A */
	assert_ptr_equal(methods.init, a_init);                     /* from A */
	/* the rest from BaseServer */
	assert_ptr_equal(methods.serve_forever, ss_base_server.serve_forever);
	assert_ptr_equal(methods.process_request, ss_base_server.process_request);
	assert_ptr_equal(methods.fileno, ss_base_server.fileno);
	assert_int_equal(methods.instance_size, sizeof(a_server)); /* 0 in B: as A */
	assert_ptr_equal(methods.attributes, &a_defaults);
}

static void
base_server_resolves_to_itself(void **state)
{
	ss_server_class methods;

	(void)state;
	ss_server_class_resolve(&ss_base_server, &methods);
	assert_ptr_equal(methods.serve_forever, ss_base_server.serve_forever);
	assert_ptr_equal(methods.get_request, ss_base_server.get_request);
	assert_ptr_equal(methods.handle_error, ss_base_server.handle_error);
	assert_int_equal(methods.instance_size, sizeof(ss_server));
	assert_null(methods.attributes);
}

/* MRO of C(M, A): C, M, A, BaseServer. */
static void
a_mixin_comes_between_the_class_and_its_base(void **state)
{
	ss_server_class methods;

	(void)state;
	ss_server_class_resolve(&class_c, &methods);
	assert_ptr_equal(methods.process_request, m_process_request); /* M before BaseServer */
	assert_ptr_equal(methods.get_request, m_get_request);         /* M before A */
	assert_ptr_equal(methods.init, a_init);                       /* A: M has none */
	assert_ptr_equal(methods.shutdown, ss_base_server.shutdown);

	ss_server_class_resolve(&class_d, &methods);
	assert_ptr_equal(methods.process_request, c_process_request); /* the class before its mix-in */
	assert_ptr_equal(methods.get_request, m_get_request);
}

static void
super_gives_the_methods_after_a_class(void **state)
{
	ss_server *d = ss_server_new(&class_d, "x", NULL, NULL);
	ss_server_class next;

	(void)state;
	assert_non_null(d);
	/* super(D, self): M's, then A's, then BaseServer's */
	ss_server_super(d, &class_d, &next);
	assert_ptr_equal(next.process_request, m_process_request);
	assert_ptr_equal(next.get_request, m_get_request);
	assert_ptr_equal(next.init, a_init);
	/* super(M, self): the mix-in's super is the base, A */
	ss_server_super(d, &mixin_m, &next);
	assert_ptr_equal(next.get_request, a_get_request);
	assert_ptr_equal(next.process_request, ss_base_server.process_request);
	/* super(A, self): BaseServer */
	ss_server_super(d, &class_a, &next);
	assert_ptr_equal(next.get_request, ss_base_server.get_request);
	assert_ptr_equal(next.init, ss_base_server.init);
	/* super(BaseServer, self): nothing after it */
	ss_server_super(d, &ss_base_server, &next);
	assert_null(next.get_request);
	assert_null(next.init);
	ss_server_free(d);
}

static void
attributes_come_as_one_struct_from_the_nearest_class(void **state)
{
	a_server *b = (a_server *)ss_server_new(&class_b, "b", NULL, NULL);
	a_server *b2 = (a_server *)ss_server_new(&class_b2, "b2", NULL, NULL);

	(void)state;
	assert_non_null(b);
	assert_non_null(b2);
	/* B gives none: A's whole struct */
	assert_int_equal(b->attributes.answer, 42);
	assert_string_equal(b->attributes.colour, "red");
	/* B2 gives its own: all of it, even the 0 */
	assert_int_equal(b2->attributes.answer, 0);
	assert_string_equal(b2->attributes.colour, "blue");
	/* an instance may change its copy; the class's defaults stay */
	b->attributes.answer = 7;
	assert_int_equal(a_defaults.answer, 42);
	/* one __init__ each (A's, which called BaseServer's through super) */
	assert_int_equal(b->inits, 1);
	assert_true(b->base.timeout == SS_NO_TIMEOUT);
	assert_string_equal(b->base.server_address, "b");
	ss_server_free(&b->base);
	ss_server_free(&b2->base);
}

static void
an_instance_embeds_its_base_and_knows_its_type(void **state)
{
	ss_server *b = ss_server_new(&class_b, "b", NULL, NULL);

	(void)state;
	assert_non_null(b);
	assert_ptr_equal(b->type, &class_b);
	assert_ptr_equal(b->cls, &b->methods);
	assert_ptr_equal(b->handler_class, &ss_base_request_handler); /* NULL: the base handler */
	assert_ptr_equal((void *)b, (void *)&((a_server *)b)->base);
	ss_server_free(b);
}

static int
h_handle(ss_handler *self)
{
	(void)self;
	return 0;
}

static void
a_handler_class_resolves_the_same_way(void **state)
{
	static const ss_handler_class mine = {.name = "Mine", .base = &ss_base_request_handler,
	                                      .handle = h_handle};
	static const ss_handler_class below = {.name = "Below", .base = &mine};
	ss_handler_class methods;

	(void)state;
	ss_handler_class_resolve(&below, &methods);
	assert_string_equal(methods.name, "Below");
	assert_ptr_equal(methods.handle, h_handle);
	assert_ptr_equal(methods.setup, ss_base_request_handler.setup);
	assert_ptr_equal(methods.finish, ss_base_request_handler.finish);
	assert_int_equal(methods.instance_size, sizeof(ss_handler));
	assert_null(methods.attributes); /* BaseRequestHandler has none */
}

/* Handler attribute defaults are inherited whole, the first along the bases wins. */
static void
handler_attributes_come_from_the_nearest_class_that_gives_them(void **state)
{
	static const int mine_defaults = 1, lower_defaults = 2;
	static const ss_handler_class mine = {.name = "Mine", .base = &ss_base_request_handler,
	                                      .attributes = &mine_defaults};
	static const ss_handler_class below = {.name = "Below", .base = &mine};
	static const ss_handler_class lowest = {.name = "Lowest", .base = &below,
	                                        .attributes = &lower_defaults};
	ss_handler_class methods;

	(void)state;
	ss_handler_class_resolve(&below, &methods);
	assert_ptr_equal(methods.attributes, &mine_defaults);
	ss_handler_class_resolve(&lowest, &methods);
	assert_ptr_equal(methods.attributes, &lower_defaults);
}

/* Every class resolves every slot (slots.h says how that is checked). */
static void
every_class_resolves_every_slot(void **state)
{
	const ss_server_class *const classes[] = {&ss_base_server, &class_a, &class_b,
	                                          &class_b2,       &class_c, &class_d};

	(void)state;
	for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
		assert_every_slot_resolves(classes[i]);
}

/* The handlers' table, the same way. */
static void
every_handler_class_resolves_every_slot(void **state)
{
	static const ss_handler_class bare = {.name = "Bare", .base = &ss_base_request_handler};
	const ss_handler_class *const classes[] = {&ss_base_request_handler, &bare};

	(void)state;
	for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++) {
		ss_handler_class methods;
		ss_handler_class_resolve(classes[i], &methods);
#define ASSERT_RESOLVED(slot)                                                                 \
	if (methods.slot == NULL)                                                                 \
		fail_msg("%s resolves no %s", classes[i]->name, #slot);
		SS_HANDLER_METHODS(ASSERT_RESOLVED)
#undef ASSERT_RESOLVED
	}
}

/* BaseServer is abstract in all but name: it cannot say where requests come from. */
static void
base_server_alone_has_no_fileno(void **state)
{
	int fds_before = support_fd_count();
	ss_server *server = ss_server_new(&ss_base_server, "nowhere", NULL, NULL);

	(void)state;
	assert_non_null(server);
	errno = 0;
	assert_int_equal(ss_serve_forever(server, 0.01), -1);
	assert_int_equal(errno, ENOTSUP);
	assert_non_null(strstr(ss_error(), "BaseServer has no fileno"));
	assert_int_equal(ss_handle_request(server), -1);
	assert_int_equal(ss_fileno(server), -1);
	/* nor binds: server_bind is TCPServer's (chapter 4) */
	errno = 0;
	assert_int_equal(server->cls->server_bind(server), -1);
	assert_int_equal(errno, ENOTSUP);
	assert_non_null(strstr(ss_error(), "BaseServer has no server_bind"));
	ss_server_free(server);
	assert_int_equal(support_fd_count(), fds_before);
}

static int
failing_init(ss_server *self, const char *address, bool bind_and_activate)
{
	(void)self, (void)address, (void)bind_and_activate;
	ss_set_error("no, not today");
	errno = EACCES;
	return -1;
}

static void
a_failing_init_gives_null_and_errno(void **state)
{
	static const ss_server_class refusing = {.name = "Refusing", .base = &ss_base_server,
	                                         .init = failing_init};

	(void)state;
	errno = 0;
	assert_null(ss_server_new(&refusing, "x", NULL, NULL));
	assert_int_equal(errno, EACCES);
	assert_string_equal(ss_error(), "no, not today");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_subclass_slot_wins_and_null_inherits),
		cmocka_unit_test(base_server_resolves_to_itself),
		cmocka_unit_test(a_mixin_comes_between_the_class_and_its_base),
		cmocka_unit_test(super_gives_the_methods_after_a_class),
		cmocka_unit_test(attributes_come_as_one_struct_from_the_nearest_class),
		cmocka_unit_test(an_instance_embeds_its_base_and_knows_its_type),
		cmocka_unit_test(a_handler_class_resolves_the_same_way),
		cmocka_unit_test(every_class_resolves_every_slot),
		cmocka_unit_test(every_handler_class_resolves_every_slot),
		cmocka_unit_test(handler_attributes_come_from_the_nearest_class_that_gives_them),
		cmocka_unit_test(base_server_alone_has_no_fileno),
		cmocka_unit_test(a_failing_init_gives_null_and_errno),
	};

	support_watchdog(60);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
