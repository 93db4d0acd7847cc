/* Exercise 2 — shutdown's handshake. (The reference solution.)
 *
 * serve_forever runs on one thread; shutdown() is called on another, and
 * must not return before serve_forever has: a caller that then frees the
 * server must not pull it from under a loop still running. Python uses a
 * flag and a threading.Event; we have a flag, a mutex and a condition
 * variable, all in self->shutdown, and BaseServer's serve_forever already
 * does its half (chapters/03-base-server/base_server.c, region serve-forever).
 * Write the other half, as a method: the test puts exercise_shutdown into a
 * class table's .shutdown slot.
 *
 *   make build/normal/exercises/03-base-server/2-shutdown-handshake.learner && \
 *     build/normal/exercises/03-base-server/2-shutdown-handshake.learner
 */
#include "2-shutdown-handshake.h"

#include <pthread.h>

void
exercise_shutdown(ss_server *self)
{
	pthread_mutex_lock(&self->shutdown.lock);
	self->shutdown.requested = true;
	/* Wait for serve_forever to finish — unless nothing serves, or we are
	 * the thread that serves (a handler): that wait would never end. A
	 * condition variable can wake without cause, so wait in a loop. */
	if (self->shutdown.serving && !pthread_equal(self->shutdown.serving_thread, pthread_self())) {
		while (self->shutdown.serving)
			pthread_cond_wait(&self->shutdown.changed, &self->shutdown.lock);
	}
	pthread_mutex_unlock(&self->shutdown.lock);
}
