/* class.c — the method resolution order, built by hand. */
#include "base_server.h"
#include "class.h"

#include <stddef.h>
#include <string.h>

/* SS_SERVER_METHODS must name every method slot: the slots are function
 * pointers from init to the end of the struct, so the list is complete
 * exactly when it counts as many as fit there. */
#define COUNT_SLOT(slot) +1
_Static_assert(offsetof(ss_server_class, init) +
                       (0 SS_SERVER_METHODS(COUNT_SLOT)) * sizeof(void (*)(void)) ==
                   sizeof(ss_server_class),
               "SS_SERVER_METHODS (class.h) must list every method of ss_server_class");
_Static_assert(offsetof(ss_handler_class, setup) +
                       (0 SS_HANDLER_METHODS(COUNT_SLOT)) * sizeof(void (*)(void)) ==
                   sizeof(ss_handler_class),
               "SS_HANDLER_METHODS (class.h) must list every method of ss_handler_class");
#undef COUNT_SLOT

/* Python's MRO for the classes of this library (single inheritance, plus
 * at most one mix-in in front of the base — no diamonds): the class, then
 * its mix-in's order, then its base's order. Calls visit(class, context) for
 * each class in that order. */
static void
walk_resolution_order(const ss_server_class *cls, void (*visit)(const ss_server_class *, void *),
                      void *context)
{
	for (; cls != NULL; cls = cls->base) {
		visit(cls, context);
		if (cls->mixin != NULL)
			walk_resolution_order(cls->mixin, visit, context);
	}
}

/*@region resolve */
/* Take each method still missing from methods from cls. */
static void
inherit_missing(const ss_server_class *cls, void *context)
{
	ss_server_class *methods = context;

	/* For each slot in SS_SERVER_METHODS (class.h): init, ... */
#define INHERIT(slot) if (methods->slot == NULL) methods->slot = cls->slot;
	SS_SERVER_METHODS(INHERIT)
#undef INHERIT
	if (methods->instance_size == 0)
		methods->instance_size = cls->instance_size;
	if (methods->attributes == NULL)
		methods->attributes = cls->attributes;
}

void
ss_server_class_resolve(const ss_server_class *cls, ss_server_class *methods)
{
	memset(methods, 0, sizeof *methods);
	methods->name = cls->name;
	methods->base = cls->base;
	methods->mixin = cls->mixin;
	walk_resolution_order(cls, inherit_missing, methods);
}
/*@end resolve */

/* super(after, self): resolve only the classes that come after `after` in
 * the resolution order of self's class. */
struct super_search {
	const ss_server_class *after;
	bool found;
	ss_server_class *next;
};

static void
inherit_after(const ss_server_class *cls, void *context)
{
	struct super_search *search = context;

	if (search->found)
		inherit_missing(cls, search->next);
	else if (cls == search->after)
		search->found = true;
}

void
ss_server_super(const ss_server *self, const ss_server_class *after, ss_server_class *next)
{
	struct super_search search = {.after = after, .found = false, .next = next};

	memset(next, 0, sizeof *next);
	walk_resolution_order(self->type, inherit_after, &search);
	next->name = self->type->name;
}

/* The class whose kind cls's .attributes are: the farthest up cls's chain
 * of bases that gives attributes. */
static const ss_server_class *
attributes_kind(const ss_server_class *cls)
{
	const ss_server_class *kind = NULL;

	for (; cls != NULL; cls = cls->base)
		if (cls->attributes != NULL)
			kind = cls;
	return kind;
}

struct attributes_search {
	const ss_server_class *owner;
	const void *found;
};

static void
take_owners_attributes(const ss_server_class *cls, void *context)
{
	struct attributes_search *search = context;

	if (search->found == NULL && cls->attributes != NULL &&
	    attributes_kind(cls) == search->owner)
		search->found = cls->attributes;
}

const void *
ss_server_class_attributes(const ss_server_class *type, const ss_server_class *owner)
{
	struct attributes_search search = {.owner = owner, .found = NULL};

	walk_resolution_order(type, take_owners_attributes, &search);
	return search.found;
}

void
ss_handler_class_resolve(const ss_handler_class *cls, ss_handler_class *methods)
{
	memset(methods, 0, sizeof *methods);
	methods->name = cls->name;
	methods->base = cls->base;
	for (; cls != NULL; cls = cls->base) {
#define INHERIT(slot) if (methods->slot == NULL) methods->slot = cls->slot;
		SS_HANDLER_METHODS(INHERIT)
#undef INHERIT
		if (methods->instance_size == 0)
			methods->instance_size = cls->instance_size;
		if (methods->attributes == NULL)
			methods->attributes = cls->attributes;
	}
}
