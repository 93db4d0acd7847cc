/* Exercise 1, THE MISTAKE the hint warns about: the slot is given back
 * when process_request returns — once the thread has started, not when the
 * handler has ended — so the cap never holds. The test must fail on this. */
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

static void
give_back_a_slot(capped_server *capped)
{
	pthread_mutex_lock(&capped->lock);
	capped->running--;
	pthread_cond_signal(&capped->slot_freed);
	pthread_mutex_unlock(&capped->lock);
}

/* Take a slot (waiting while every slot is taken), then start the thread.
 * A failed start gives the slot back: no handler will. */
static int
capped_process_request(ss_server *self, ss_request *request, const ss_address *client_address)
{
	capped_server *capped = (capped_server *)self;
	ss_server_class super;

	pthread_mutex_lock(&capped->lock);
	while (capped->running >= capped->max_threads)
		pthread_cond_wait(&capped->slot_freed, &capped->lock);
	capped->running++;
	pthread_mutex_unlock(&capped->lock);

	ss_server_super(self, &capped_threading_tcp_server, &super);
	int status = super.process_request(self, request, client_address);
	give_back_a_slot(capped); /* THE MISTAKE: the thread has only started */
	return status;
}

/* On the handler's thread: the handler has ended; its slot is free. */
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
