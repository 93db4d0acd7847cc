/* Exercise 1, a solution: a cap on concurrent handler threads. A slot is
 * taken on the serving thread (process_request) and given back on the
 * handler's thread when the handler ends (finish_request) — or at once, if
 * no thread could be started. */
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
	if (super.process_request(self, request, client_address) == -1) {
		give_back_a_slot(capped);
		return -1;
	}
	return 0;
}

/* On the handler's thread: the handler has ended; its slot is free. */
static int
capped_finish_request(ss_server *self, ss_request *request, const ss_address *client_address)
{
	ss_server_class super;

	ss_server_super(self, &capped_threading_tcp_server, &super);
	int status = super.finish_request(self, request, client_address);
	give_back_a_slot((capped_server *)self);
	return status;
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
