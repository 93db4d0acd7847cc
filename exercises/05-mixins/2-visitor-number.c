/* Exercise 2: a data race, found and fixed.
 *
 * Test it:  make exercises
 * or alone: make build/normal/exercises/05-mixins/2-visitor-number.learner &&
 *           build/normal/exercises/05-mixins/2-visitor-number.learner
 * With ThreadSanitizer, which names the racing lines:
 *           make VARIANT=tsan build/tsan/exercises/05-mixins/2-visitor-number.learner &&
 *           build/tsan/exercises/05-mixins/2-visitor-number.learner
 */
#include "2-visitor-number.h"

/* TODO: give each visitor a number of its own, and greet it.
 *
 * A handler of a ThreadingTCPServer calls this for its client:
 *
 *     static void greet_client(long number, void *handler) {
 *             ... send "you are visitor #<number>" to the client ...
 *     }
 *     long mine = visitors_welcome(self->user, greet_client, self);
 *
 * Every handler runs on its own thread, and they all share one `visitors`.
 * The obvious code —
 *
 *     long number = v->count + 1;
 *     greet(number, context);
 *     v->count = number;
 *     return number;
 *
 * — is a data race: two threads can both read count before either writes
 * it back, and two visitors get the same number. Write it so that cannot
 * happen. Hold the lock for as long as the count needs it, and no longer:
 * greeting a slow client while holding it would make every other client
 * wait for that one.
 */
long
visitors_welcome(visitors *v, void (*greet)(long number, void *context), void *context)
{
	(void)v, (void)greet, (void)context;
	return -1;
}
