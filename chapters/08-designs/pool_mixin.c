/* pool_mixin.c — PoolMixIn: a prethreaded pool (Stevens, UNP chapter 30),
 * the design designs.h describes. Threads are started by serve_forever and
 * joined before it returns; between the two, a connection never costs a
 * pthread_create.
 *
 *   serve_forever ~> accepting_thread  (accept_in_threads: each accepts)
 *                 ~> handoff_thread    (or: BaseServer's loop accepts,
 *                                        process_request queues)
 */
#include "designs.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

const ss_pool_attributes ss_pool_defaults = {
	.pool_size = 32,
	.accept_in_threads = true,
	.queue_size = 32,
};

typedef struct queued {
	ss_request request;
	ss_address client_address;
} queued;

/* PoolMixIn's block in the instance (ss_server_attach_state). */
typedef struct pool_state {
	ss_pool_attributes attributes; /* the instance's copy */
	pthread_mutex_t lock;          /* guards everything below */
	pthread_cond_t not_empty;      /* hand-off: a connection was queued, or the stop */
	int room;                      /* hand-off: an eventfd, readable once a thread
	                                * took one out of a full queue */
	double poll_interval;          /* serve_forever's, for the wait for room */
	pthread_t *threads;
	size_t started;                /* threads running (serve_forever joins them) */
	size_t in_service;             /* connections being handled now */
	bool stopping;                 /* serve_forever is ending: threads leave */
	queued *queue;                 /* hand-off: a ring of queue_size */
	size_t head, count;
	bool listener_shut;            /* the last stop shut the listener down (SHUT_RD) */
} pool_state;

static pool_state *
pool_state_of(const ss_server *self)
{
	return ss_server_state(self, &ss_pool_mixin);
}

static void
pool_state_release(void *block)
{
	pool_state *state = block;

	free(state->threads);
	free(state->queue);
	if (state->room != -1)
		close(state->room);
	pthread_cond_destroy(&state->not_empty);
	pthread_mutex_destroy(&state->lock);
}

static int
pool_init(ss_server *self, const char *server_address, bool bind_and_activate)
{
	SS_TRACE("PoolMixIn", "__init__");
	pool_state *state;
	const ss_pool_attributes *defaults;
	ss_server_class super;

	state = ss_server_attach_state(self, &ss_pool_mixin, sizeof *state, pool_state_release);
	if (state == NULL)
		return -1;
	pthread_mutex_init(&state->lock, NULL);
	pthread_cond_init(&state->not_empty, NULL);
	/* An eventfd, not a condition variable: the serving thread waits for
	 * room in ppoll, where a stop signal can reach it (chapter 1). */
	state->room = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (state->room == -1) {
		ss_set_error("cannot make the pool's hand-off: %s", strerror(errno));
		return -1;
	}
	defaults = ss_server_class_attributes(self->type, &ss_pool_mixin);
	state->attributes = defaults ? *defaults : ss_pool_defaults;
	ss_server_super(self, &ss_pool_mixin, &super);
	return super.init(self, server_address, bind_and_activate); /*@ -> super.init */
}

/* Has ss_shutdown been called (BaseServer's handshake, chapter 3)? */
static bool
shutdown_asked(ss_server *self)
{
	pthread_mutex_lock(&self->shutdown.lock);
	bool requested = self->shutdown.requested;
	pthread_mutex_unlock(&self->shutdown.lock);
	return requested;
}

static bool
pool_stopping(pool_state *state)
{
	pthread_mutex_lock(&state->lock);
	bool stopping = state->stopping;
	pthread_mutex_unlock(&state->lock);
	return stopping;
}

/* Accepting in the threads: a blocking accept, no ppoll before it (a stop
 * signal is not for these threads, and N threads polling one socket would
 * all wake for each connection). With the hand-off, TCPServer's. */
static int
pool_get_request(ss_server *self, ss_request *request, ss_address *client_address)
{
	SS_TRACE("PoolMixIn", "get_request");
	pool_state *state = pool_state_of(self);
	ss_server_class super;

	if (!state->attributes.accept_in_threads) {
		ss_server_super(self, &ss_pool_mixin, &super);
		return super.get_request(self, request, client_address); /*@ -> super.get_request [hand-off] */
	}
	int fd = ss_blocking_accept(self->cls->fileno(self), client_address); /*@ -> self.fileno */
	if (fd == -1)
		return -1;
	request->fd = fd;
	return 0;
}

/* One connection, on a pool thread. Python's ThreadingMixIn's
 * process_request_thread: finish_request, handle_error if it failed,
 * shutdown_request always — then the thread is free for the next one. */
static void
pool_process_request_thread(ss_server *self, pool_state *state, ss_request *request,
                       const ss_address *client_address)
{
	SS_TRACE("PoolMixIn", "process_request_thread");
	pthread_mutex_lock(&state->lock);
	state->in_service++;
	pthread_mutex_unlock(&state->lock);
	int status = self->cls->finish_request(self, request, client_address); /*@ -> self.finish_request */
	if (status == -1)
		self->cls->handle_error(self, request, client_address); /*@ -> self.handle_error [if it failed] */
	self->cls->shutdown_request(self, request); /*@ -> self.shutdown_request [always] */
	pthread_mutex_lock(&state->lock);
	state->in_service--;
	pthread_mutex_unlock(&state->lock);
}

/*@region accepting-thread */
/* accept_in_threads: each thread accepts and serves, until the listener is
 * shut down (serve_forever's stop). */
static void *
accepting_thread(void *argument)
{
	SS_TRACE("PoolMixIn", "accepting_thread");
	ss_server *self = argument;
	pool_state *state = pool_state_of(self);

	(void)ss_stop_signals_elsewhere(); /* a stop is serve_forever's (chapter 5) */
	for (;;) {
		ss_request request = {.fd = -1};
		ss_address client_address;
		memset(&client_address, 0, sizeof client_address);
		if (self->cls->get_request(self, &request, &client_address) == -1) { /*@ -> self.get_request */
			if (pool_stopping(state) || errno == EINVAL || errno == EBADF || errno == ENOTSOCK)
				break; /* shut down, or no listener: nothing will come */
			continue;
		}
		if (self->cls->verify_request(self, &request, &client_address)) /*@ -> self.verify_request */
			pool_process_request_thread(self, state, &request, &client_address); /*@ -> pool_process_request_thread [if verified] */
		else
			self->cls->shutdown_request(self, &request); /*@ -> self.shutdown_request [if not verified] */
	}
	return NULL;
}
/*@end accepting-thread */

/* The hand-off: take the next queued connection; at the stop, leave once
 * the queue is empty (every connection accepted is served). */
static void *
handoff_thread(void *argument)
{
	SS_TRACE("PoolMixIn", "handoff_thread");
	ss_server *self = argument;
	pool_state *state = pool_state_of(self);
	size_t room = (size_t)state->attributes.queue_size;

	(void)ss_stop_signals_elsewhere(); /* a stop is serve_forever's (chapter 5) */
	for (;;) {
		pthread_mutex_lock(&state->lock);
		while (state->count == 0 && !state->stopping)
			pthread_cond_wait(&state->not_empty, &state->lock);
		if (state->count == 0) {
			pthread_mutex_unlock(&state->lock);
			break;
		}
		queued next = state->queue[state->head];
		bool was_full = state->count == room;
		state->head = (state->head + 1) % room;
		state->count--;
		pthread_mutex_unlock(&state->lock);
		if (was_full && eventfd_write(state->room, 1) == -1)
			(void)0; /* EAGAIN only: the count is at its limit, a wake-up is pending */
		pool_process_request_thread(self, state, &next.request, &next.client_address);
	}
	return NULL;
}

/*@region pool-process-request */
/* The hand-off's process_request, on serve_forever's thread: queue the
 * connection for a pool thread. Back-pressure: when the queue is full, wait
 * for room — the serving loop is not accepting meanwhile, so new clients
 * wait in the kernel's listen queue. The wait is in ppoll (ss_wait_fd on
 * the room eventfd), not on a condition variable: a stop signal ends it,
 * and ss_shutdown is seen every poll_interval — with all the threads busy
 * with silent clients, a condition variable would wait for ever. (Accepting
 * in the threads, this is never called: the threads serve what they accept.) */
static int
pool_process_request(ss_server *self, ss_request *request, const ss_address *client_address)
{
	SS_TRACE("PoolMixIn", "process_request");
	pool_state *state = pool_state_of(self);
	size_t room = (size_t)state->attributes.queue_size;
	int timeout_ms = state->poll_interval < 0 ? -1 : (int)(state->poll_interval * 1000);
	eventfd_t drained;

	pthread_mutex_lock(&state->lock);
	while (state->count == room && !state->stopping) {
		pthread_mutex_unlock(&state->lock);
		if (ss_wait_fd(state->room, POLLIN, timeout_ms) == -1)
			return -1; /* a stop: ss_wait_fd said so; the loop closes the connection */
		(void)eventfd_read(state->room, &drained);
		if (shutdown_asked(self)) {
			ss_set_error("the server is shutting down: the connection is closed unserved");
			errno = ECANCELED;
			return -1;
		}
		pthread_mutex_lock(&state->lock);
	}
	if (state->stopping || state->queue == NULL) {
		pthread_mutex_unlock(&state->lock);
		ss_set_error("the pool is not serving: the connection is closed unserved");
		errno = ECANCELED;
		return -1; /* the loop calls handle_error and shutdown_request */
	}
	state->queue[(state->head + state->count) % room] =
		(queued){.request = *request, .client_address = *client_address};
	state->count++;
	pthread_cond_signal(&state->not_empty);
	pthread_mutex_unlock(&state->lock);
	return 0;
}
/*@end pool-process-request */

/* Start a thread with SIGINT and SIGTERM blocked (chapter 5's rule). */
static int
start_pool_thread(pthread_t *thread, ss_server *self, void *(*body)(void *))
{
	sigset_t stop_signals, saved;
	bool unblocked = !ss_stop_signals_blocked();

	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGINT);
	sigaddset(&stop_signals, SIGTERM);
	if (unblocked)
		pthread_sigmask(SIG_BLOCK, &stop_signals, &saved);
	int error = pthread_create(thread, NULL, body, self);
	if (unblocked)
		pthread_sigmask(SIG_SETMASK, &saved, NULL);
	return error;
}

/*@region stop-the-pool */
/* The end of serve_forever: wake the threads and join them. Accepting
 * threads are blocked in accept: shutdown(SHUT_RD) on the listener
 * (ss_stop_listening) makes each accept return EINVAL (Linux). Hand-off threads wait on not_empty:
 * the broadcast; they serve what is queued, then leave. A thread in a
 * handler finishes its connection first — after a stop signal, the
 * socket its handler waits on is shut (ss_stop_shut_windows), so that
 * wait ends at once. ss_stop_listening (the SHUT_RD) also closes the
 * connections still in the listen queue and refuses new ones, in both
 * modes, TCP or Unix: a client sees the server has stopped instead of
 * waiting in a queue nobody takes from. The next serve_forever makes the
 * socket listen again. */
static void
stop_the_threads(ss_server *self, pool_state *state)
{
	SS_TRACE("PoolMixIn", "stop_the_threads");
	int listener = self->cls->fileno(self); /*@ -> self.fileno */

	pthread_mutex_lock(&state->lock);
	state->stopping = true;
	pthread_cond_broadcast(&state->not_empty);
	pthread_mutex_unlock(&state->lock);
	if (listener != -1 && ss_stop_listening(listener) == 0)
		state->listener_shut = true;
	ss_stop_shut_windows(); /*@ -> ss_stop_shut_windows [after a stop] */
	for (size_t i = 0; i < state->started; i++)
		pthread_join(state->threads[i], NULL);
	pthread_mutex_lock(&state->lock);
	state->started = 0;
	free(state->queue);
	state->queue = NULL;
	state->head = state->count = 0;
	pthread_mutex_unlock(&state->lock);
}
/*@end stop-the-pool */

/* accept_in_threads: serve_forever's thread has nothing to accept; it
 * waits for the stop — ss_shutdown (seen every poll_interval) or a stop
 * signal (the pool threads take none, so it is this thread's: its wait on
 * no fd at all ends at once) — with BaseServer's handshake, so ss_shutdown
 * works. */
static int
wait_for_the_stop(ss_server *self, double poll_interval)
{
	int status = 0;
	int timeout_ms = poll_interval < 0 ? -1 : (int)(poll_interval * 1000);

	pthread_mutex_lock(&self->shutdown.lock);
	self->shutdown.serving = true;
	self->shutdown.serving_thread = pthread_self();
	pthread_mutex_unlock(&self->shutdown.lock);
	for (;;) {
		if (shutdown_asked(self))
			break;
		/* fd -1: poll watches nothing, so only a signal or the time ends it */
		if (ss_stop_requested() || ss_wait_fd(-1, POLLIN, timeout_ms) == -1) {
			errno = EINTR;
			status = -1;
			break;
		}
		self->cls->service_actions(self); /*@ -> self.service_actions [every poll_interval] */
	}
	return status;
}

static void
end_the_handshake(ss_server *self)
{
	pthread_mutex_lock(&self->shutdown.lock);
	self->shutdown.requested = false;
	self->shutdown.serving = false;
	pthread_cond_broadcast(&self->shutdown.changed);
	pthread_mutex_unlock(&self->shutdown.lock);
}

/*@region pool-serve-forever */
static int
pool_serve_forever(ss_server *self, double poll_interval)
{
	SS_TRACE("PoolMixIn", "serve_forever");
	pool_state *state = pool_state_of(self);
	ss_pool_attributes *attributes = &state->attributes;
	ss_server_class super;
	int status = 0;

	if (ss_socket_server_of(self)->attributes.socket_type != SOCK_STREAM ||
	    attributes->pool_size < 1 || attributes->queue_size < 1) {
		ss_set_error("%s: a pool serves a stream server, with pool_size and queue_size >= 1",
		             self->type->name);
		errno = EINVAL;
		return -1;
	}
	size_t size = (size_t)attributes->pool_size;
	state->poll_interval = poll_interval;
	if (state->listener_shut) { /* serving again after a stop */
		if (ss_listen_again(self) == -1)
			return -1;
		state->listener_shut = false;
	}
	pthread_mutex_lock(&state->lock);
	state->stopping = false;
	free(state->threads);
	state->threads = calloc(size, sizeof *state->threads);
	state->queue = attributes->accept_in_threads
	                       ? NULL : calloc((size_t)attributes->queue_size, sizeof *state->queue);
	bool allocated = state->threads && (attributes->accept_in_threads || state->queue);
	pthread_mutex_unlock(&state->lock);
	if (!allocated) {
		ss_set_error("cannot start the pool: out of memory");
		errno = ENOMEM;
		return -1;
	}
	void *(*body)(void *) = attributes->accept_in_threads ? accepting_thread : handoff_thread;
	for (size_t i = 0; i < size; i++) {
		/*@ ~> accepting_thread [accept_in_threads] */
		/*@ ~> handoff_thread [hand-off] */
		int error = start_pool_thread(&state->threads[i], self, body);
		if (error != 0) {
			ss_set_error("cannot start the pool's thread %zu of %zu: %s", i + 1, size,
			             strerror(error));
			stop_the_threads(self, state);
			errno = error;
			return -1;
		}
		pthread_mutex_lock(&state->lock);
		state->started++;
		pthread_mutex_unlock(&state->lock);
	}
	if (attributes->accept_in_threads) {
		status = wait_for_the_stop(self, poll_interval);
		end_the_handshake(self);
	} else {
		ss_server_super(self, &ss_pool_mixin, &super);
		status = super.serve_forever(self, poll_interval); /*@ -> super.serve_forever [hand-off] */
	}
	int saved_errno = errno;
	stop_the_threads(self, state);
	errno = saved_errno;
	return status;
}
/*@end pool-serve-forever */

/*@region pool-mixin-class */
const ss_server_class ss_pool_mixin = {
	.name = "PoolMixIn",
	.base = NULL, /* a mix-in: composed in front of a base, never alone */
	.attributes = &ss_pool_defaults,
	.init = pool_init,
	.serve_forever = pool_serve_forever,
	.get_request = pool_get_request,
	.process_request = pool_process_request,
};
/*@end pool-mixin-class */

/* ---- attributes and introspection (designs.h) ---------------------------- */

ss_pool_attributes *
ss_pool_attributes_of(ss_server *server)
{
	pool_state *state = pool_state_of(server);

	return state ? &state->attributes : NULL;
}

size_t
ss_pool_threads(ss_server *server)
{
	pool_state *state = pool_state_of(server);

	if (state == NULL)
		return 0;
	pthread_mutex_lock(&state->lock);
	size_t started = state->started;
	pthread_mutex_unlock(&state->lock);
	return started;
}

size_t
ss_pool_in_service(ss_server *server)
{
	pool_state *state = pool_state_of(server);

	if (state == NULL)
		return 0;
	pthread_mutex_lock(&state->lock);
	size_t in_service = state->in_service;
	pthread_mutex_unlock(&state->lock);
	return in_service;
}
