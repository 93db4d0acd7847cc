/* slots.h — for the tests of chapter 3 and later: does a server class
 * resolve every method slot? Include after <cmocka.h>.
 *
 * A slot that resolves to NULL crashes the first time it is called. The
 * check goes by name, through the same list class.c resolves with
 * (SS_SERVER_METHODS), and again without the list, word by word over the
 * struct's method slots (init to the end): so a slot added to the struct and
 * forgotten in the list fails here too, even if class.c's static assertion
 * were lost. */
#ifndef SS_TEST_SLOTS_H
#define SS_TEST_SLOTS_H

#include <stddef.h>
#include <string.h>

#include "class.h" /* SS_SERVER_METHODS, ss_server_class_resolve: internal */

static inline void
assert_every_slot_resolves(const ss_server_class *cls)
{
	ss_server_class methods;

	ss_server_class_resolve(cls, &methods);
#define ASSERT_RESOLVED(slot)                                                                 \
	if (methods.slot == NULL)                                                                 \
		fail_msg("%s resolves no %s", cls->name, #slot);
	SS_SERVER_METHODS(ASSERT_RESOLVED)
#undef ASSERT_RESOLVED
	for (size_t at = offsetof(ss_server_class, init); at < sizeof methods;
	     at += sizeof(void (*)(void))) {
		void (*slot)(void);
		memcpy(&slot, (const char *)&methods + at, sizeof slot);
		if (slot == NULL)
			fail_msg("%s resolves no method at offset %zu", cls->name, at);
	}
}

#endif
