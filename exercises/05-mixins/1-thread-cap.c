/* Exercise 1: a cap on concurrent handler threads.
 *
 * Test it:  make exercises
 * or alone: make build/normal/exercises/05-mixins/1-thread-cap.learner &&
 *           build/normal/exercises/05-mixins/1-thread-cap.learner
 */
#include "1-thread-cap.h"

#include <errno.h>

/* Given: __init__ sets the cap's defaults, then runs ThreadingTCPServer's
 * (ThreadingMixIn's, then TCPServer's) init — Python's super().__init__. */
static int
capped_init(ss_server *self, const char *server_address, bool bind_and_activate)
{
	capped_server *capped = (capped_server *)self;
	ss_server_class super;

	pthread_mutex_init(&capped->lock, NULL);
	pthread_cond_init(&capped->slot_freed, NULL);
	capped->max_threads = 2;
	capped->running = 0;
	ss_server_super(self, &capped_threading_tcp_server, &super);
	return super.init(self, server_address, bind_and_activate);
}

/* Given: server_close as ThreadingMixIn's (it joins the handler threads),
 * then the cap's own clean-up. */
static void
capped_server_close(ss_server *self)
{
	capped_server *capped = (capped_server *)self;
	ss_server_class super;

	ss_server_super(self, &capped_threading_tcp_server, &super);
	super.server_close(self);
	pthread_cond_destroy(&capped->slot_freed);
	pthread_mutex_destroy(&capped->lock);
}

/* TODO 1: take a slot, then start the handler's thread.
 *
 * Runs on the serving thread, for each accepted request. While
 * capped->running == capped->max_threads, wait on slot_freed (the classic
 * condition-variable loop, the lock held). Then count yourself in and call
 * ThreadingMixIn's process_request — the next one in the resolution order:
 *
 *     ss_server_class super;
 *     ss_server_super(self, &capped_threading_tcp_server, &super);
 *     super.process_request(self, request, client_address)
 *
 * It returns once the thread has STARTED, long before the handler ends. If
 * it fails (-1: no thread was started), no handler will ever give the slot
 * back: give it back yourself, and return -1.
 */
static int
capped_process_request(ss_server *self, ss_request *request, const ss_address *client_address)
{
	(void)self, (void)request, (void)client_address;
	ss_set_error("capped_process_request is not written yet (TODO 1)");
	errno = ENOSYS;
	return -1;
}

/* TODO 2: give the slot back when the handler ends.
 *
 * finish_request runs on the handler's own thread and returns when the
 * handler (setup, handle, finish) is done. Call the next finish_request
 * (BaseServer's, through super as above), keep its result, then count
 * yourself out and wake the serving thread if it waits. Return the result.
 */
static int
capped_finish_request(ss_server *self, ss_request *request, const ss_address *client_address)
{
	ss_server_class super;

	ss_server_super(self, &capped_threading_tcp_server, &super);
	return super.finish_request(self, request, client_address);
}

const ss_server_class capped_threading_tcp_server = {
	.name = "CappedThreadingTCPServer",
	.base = &ss_threading_tcp_server,
	.instance_size = sizeof(capped_server),
	.init = capped_init,
	.process_request = capped_process_request,
	.finish_request = capped_finish_request,
	.server_close = capped_server_close,
};

void
capped_set_max_threads(ss_server *server, int max_threads)
{
	((capped_server *)server)->max_threads = max_threads;
}
