/* Exercise 2: a visitor counter shared by every handler thread.
 * Included by the stub, the solution and the test. */
#ifndef EXERCISE_2_VISITOR_NUMBER_H
#define EXERCISE_2_VISITOR_NUMBER_H

#include <pthread.h>

/* The count of visitors so far, and the lock that guards it. One of these
 * is shared by every handler of a ThreadingTCPServer (the user pointer). */
typedef struct visitors {
	pthread_mutex_t lock;
	long count;
} visitors;

#define VISITORS_INIT {PTHREAD_MUTEX_INITIALIZER, 0}

/* A new visitor arrives: give it the next number (1, 2, 3, ...) and greet
 * it with greet(number, context) — which writes to the client, so it may
 * take a while. Called by many handler threads at once: every visitor must
 * get a number of its own. Returns the number, or -1 if not written yet. */
long visitors_welcome(visitors *v, void (*greet)(long number, void *context), void *context);

#endif
