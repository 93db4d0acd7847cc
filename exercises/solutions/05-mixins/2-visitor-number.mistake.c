/* Exercise 2, THE MISTAKE the hint warns about: count is read, the visitor
 * greeted, and only then count written back — a read-modify-write split by
 * a slow call, with no lock. Two visitors arriving together get the same
 * number. The test must fail on this. */
#include "2-visitor-number.h"

long
visitors_welcome(visitors *v, void (*greet)(long number, void *context), void *context)
{
	long number = v->count + 1;
	greet(number, context);
	v->count = number;
	return number;
}
