/* threading_mixin.c — ThreadingMixIn: a thread per request. Python's class
 * ThreadingMixIn (Lib/socketserver.py, 3.10 and later), method by method,
 * with its _Threads list as a list of the threads server_close will join.
 *
 * Each request gets a `handler_thread`: the thread, its copy of the request,
 * and whether server_close joins it ("tracked": block_on_close and not a
 * daemon — Python's _Threads.append stores only those). A tracked thread is
 * joinable and stays in the list until it is joined, by the next
 * process_request once it has finished (bpo-37193: the list stays small) or
 * by server_close. Any other thread is detached and frees its own record.
 * Every thread holds a reference to the server (see mixins.h, "Lifetime").
 */
#include "mixins.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const ss_threading_attributes ss_threading_defaults = {
	.daemon_threads = false,
	.block_on_close = true,
};

typedef struct handler_thread {
	struct handler_thread *next; /* in the tracked list */
	pthread_t thread;
	ss_server *server;
	ss_request request;          /* the thread's own copy: it owns the request now */
	ss_address client_address;
	int own_socket;              /* a datagram request's dup of the server socket, or -1 */
	bool tracked;                /* joined by reap or server_close; else detached */
	bool finished;               /* tracked and done: join will not wait */
} handler_thread;

/*@region threading-state */
/* ThreadingMixIn's block in the instance (ss_server_attach_state). */
typedef struct threading_state {
	ss_threading_attributes attributes; /* the instance's copy */
	pthread_mutex_t lock;               /* guards the rest */
	handler_thread *tracked;            /* Python's _threads */
	size_t tracked_count;
	size_t live;                        /* handler threads running now */
} threading_state;

static threading_state *
threading_state_of(const ss_server *self)
{
	return ss_server_state(self, &ss_threading_mixin);
}
/*@end threading-state */

static void
threading_state_release(void *block)
{
	threading_state *state = block;

	pthread_mutex_destroy(&state->lock);
}

/* No __init__ in Python: its attributes are class attributes, and _threads
 * appears on the first request. In C the mix-in attaches its block first —
 * before the server under it runs its init, whose failure path calls
 * server_close, which needs the block. */
static int
threading_init(ss_server *self, const char *server_address, bool bind_and_activate)
{
	SS_TRACE("ThreadingMixIn", "__init__");
	threading_state *state;
	const ss_threading_attributes *defaults;
	ss_server_class super;

	state = ss_server_attach_state(self, &ss_threading_mixin, sizeof *state,
	                               threading_state_release);
	if (state == NULL)
		return -1;
	pthread_mutex_init(&state->lock, NULL);
	defaults = ss_server_class_attributes(self->type, &ss_threading_mixin);
	state->attributes = defaults ? *defaults : ss_threading_defaults;
	ss_server_super(self, &ss_threading_mixin, &super);
	return super.init(self, server_address, bind_and_activate); /*@ -> super.init */
}

/* The end of a handler thread: no longer live; a tracked record is left for
 * its joiner, any other is freed here. Then the thread's reference goes —
 * last, since it may free the server. */
static void
thread_finished(handler_thread *record)
{
	ss_server *server = record->server;
	threading_state *state = threading_state_of(server);

	pthread_mutex_lock(&state->lock);
	state->live--;
	bool tracked = record->tracked;
	if (tracked)
		record->finished = true; /* from here the joiner may free it */
	pthread_mutex_unlock(&state->lock);
	if (!tracked)
		free(record);
	ss_server_release(server);
}

/*@region process-request-thread */
/* The thread body. Python: try: finish_request  except Exception:
 * handle_error  finally: shutdown_request. A result other than 0 and -1
 * (chapter 6's "SystemExit") skips handle_error, as Python's except
 * Exception does, but still shuts the request down. First, the thread
 * leaves stop signals to the serving thread for good (stop.h): its recv
 * is then one system call, and server_close ends its waits after a stop.
 * (That fails only when the process has no pthread key left; the thread
 * then takes them in its waits as any thread does.) */
static void *
process_request_thread(void *argument)
{
	SS_TRACE("ThreadingMixIn", "process_request_thread");
	handler_thread *record = argument;
	ss_server *self = record->server;

	(void)ss_stop_signals_elsewhere();
	/*@ -> self.finish_request */
	int status = self->cls->finish_request(self, &record->request, &record->client_address);
	if (status == -1)
		self->cls->handle_error(self, &record->request, &record->client_address); /*@ -> self.handle_error [if it failed] */
	self->cls->shutdown_request(self, &record->request); /*@ -> self.shutdown_request [always] */
	if (record->own_socket != -1)
		close(record->own_socket);
	thread_finished(record);
	return NULL;
}
/*@end process-request-thread */

/* Python's _Threads.reap: drop the threads that have finished — in C, join
 * them (a finished thread's join does not wait) and free their records. */
static void
reap_finished_threads(threading_state *state)
{
	handler_thread *done = NULL;

	pthread_mutex_lock(&state->lock);
	for (handler_thread **link = &state->tracked; *link != NULL;) {
		handler_thread *record = *link;
		if (record->finished) {
			*link = record->next;
			record->next = done;
			done = record;
			state->tracked_count--;
		} else {
			link = &record->next;
		}
	}
	pthread_mutex_unlock(&state->lock);
	while (done != NULL) {
		handler_thread *record = done;
		done = record->next;
		pthread_join(record->thread, NULL);
		free(record);
	}
}

/* Start a thread with SIGINT and SIGTERM blocked, whatever the caller's
 * mask: a stop signal is for the thread running serve_forever, which waits
 * in ppoll with them unblocked (chapter 1's stop.h); a handler thread must
 * not take one before it has blocked them for good. The thread inherits
 * the mask at creation — and the serving thread has them blocked already
 * outside its waits, so the mask is changed only if the caller's is not.
 * A detached thread may free its record before pthread_create returns, so
 * its id goes to a local, never into the record. */
static int
start_thread(handler_thread *record, bool detached, void *(*body)(void *))
{
	pthread_attr_t attributes;
	sigset_t stop_signals, saved;
	pthread_t detached_id;
	int error;

	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGINT);
	sigaddset(&stop_signals, SIGTERM);
	pthread_attr_init(&attributes);
	pthread_attr_setdetachstate(&attributes,
	                            detached ? PTHREAD_CREATE_DETACHED : PTHREAD_CREATE_JOINABLE);
	bool unblocked = !ss_stop_signals_blocked();
	if (unblocked)
		pthread_sigmask(SIG_BLOCK, &stop_signals, &saved);
	error = pthread_create(detached ? &detached_id : &record->thread, &attributes, body, record);
	if (unblocked)
		pthread_sigmask(SIG_SETMASK, &saved, NULL);
	pthread_attr_destroy(&attributes);
	return error;
}

/*@region threading-process-request */
/* Python: t = Thread(target=self.process_request_thread, ...);
 * t.daemon = self.daemon_threads; self._threads.append(t); t.start().
 * The serving loop goes straight back to select: the request is the
 * thread's now. If the thread cannot start, -1: the loop calls handle_error
 * and shutdown_request, and nothing is left behind to join (CPython leaves
 * the unstarted thread in _threads). */
static int
threading_process_request(ss_server *self, ss_request *request, const ss_address *client_address)
{
	SS_TRACE("ThreadingMixIn", "process_request");
	threading_state *state = threading_state_of(self);
	handler_thread *record = calloc(1, sizeof *record);

	if (record == NULL) {
		ss_set_error("cannot start a thread for the request: out of memory");
		errno = ENOMEM;
		return -1;
	}
	record->server = self;
	record->request = *request;
	record->client_address = *client_address;
	record->own_socket = -1;
	/* A datagram request answers on the server's own socket, which
	 * server_close closes — perhaps while this thread still runs (a daemon,
	 * or before the join), and the number may then be reused for another
	 * file. The thread answers on a copy of its own instead. */
	if (request->fd != -1 && request->fd == self->cls->fileno(self)) { /*@ -> self.fileno */
		record->own_socket = fcntl(request->fd, F_DUPFD_CLOEXEC, 0);
		if (record->own_socket == -1) {
			int error = errno;
			free(record);
			ss_set_error("cannot start a thread for the request: %s", strerror(error));
			errno = error;
			return -1;
		}
		record->request.fd = record->own_socket;
	}
	record->tracked = state->attributes.block_on_close && !state->attributes.daemon_threads;
	bool tracked = record->tracked; /* a detached thread may free record at once */

	reap_finished_threads(state);
	ss_server_retain(self); /* the thread's reference */
	pthread_mutex_lock(&state->lock);
	state->live++;
	pthread_mutex_unlock(&state->lock);

	/*@ ~> process_request_thread */
	int error = start_thread(record, !tracked, process_request_thread);
	if (error != 0) {
		pthread_mutex_lock(&state->lock);
		state->live--;
		pthread_mutex_unlock(&state->lock);
		ss_server_release(self); /* never the last: the caller holds one */
		if (record->own_socket != -1)
			close(record->own_socket);
		free(record);
		ss_set_error("cannot start a thread for the request: %s", strerror(error));
		errno = error;
		return -1;
	}
	if (tracked) { /* joinable: ours until joined, even if already finished */
		pthread_mutex_lock(&state->lock);
		record->next = state->tracked;
		state->tracked = record;
		state->tracked_count++;
		pthread_mutex_unlock(&state->lock);
	}
	return 0;
}
/*@end threading-process-request */

/*@region threading-server-close */
/* Python: super().server_close(); self._threads.join() — the socket first,
 * so no new client gets in, then every tracked thread, running or not.
 * After a stop (SIGINT/SIGTERM, chapter 1's stop.h), the handlers are told
 * first: a handler blocked in a wait sees the stop only when its wait ends
 * — perhaps never, if its client stays silent, and the join would last for
 * ever. The handler threads take no stop signal, so their waits are ended
 * from here: ss_stop_shut_windows shuts the socket each is blocked on. */
static void
threading_server_close(ss_server *self)
{
	SS_TRACE("ThreadingMixIn", "server_close");
	threading_state *state = threading_state_of(self);
	ss_server_class super;
	handler_thread *all;

	ss_server_super(self, &ss_threading_mixin, &super);
	super.server_close(self); /*@ -> super.server_close */
	ss_stop_shut_windows(); /*@ -> ss_stop_shut_windows [after a stop] */
	pthread_mutex_lock(&state->lock);
	all = state->tracked; /* Python's pop_all */
	state->tracked = NULL;
	state->tracked_count = 0;
	pthread_mutex_unlock(&state->lock);
	while (all != NULL) {
		handler_thread *record = all;
		all = record->next;
		pthread_join(record->thread, NULL);
		free(record);
	}
}
/*@end threading-server-close */

/*@region threading-mixin-class */
const ss_server_class ss_threading_mixin = {
	.name = "ThreadingMixIn",
	.base = NULL, /* a mix-in: composed in front of a base, never alone */
	.attributes = &ss_threading_defaults,
	.init = threading_init,
	.process_request = threading_process_request,
	.server_close = threading_server_close,
};
/*@end threading-mixin-class */

/* ---- attributes and introspection (mixins.h) ---------------------------- */

ss_threading_attributes *
ss_threading_attributes_of(ss_server *server)
{
	threading_state *state = threading_state_of(server);

	return state ? &state->attributes : NULL;
}

int
ss_set_daemon_threads(ss_server *server, bool daemon_threads)
{
	ss_threading_attributes *attributes = ss_threading_attributes_of(server);

	if (attributes == NULL) {
		ss_set_error("%s has no daemon_threads: it is not a ThreadingMixIn server",
		             server->type->name);
		errno = EINVAL;
		return -1;
	}
	attributes->daemon_threads = daemon_threads;
	return 0;
}

bool
ss_daemon_threads(ss_server *server)
{
	ss_threading_attributes *attributes = ss_threading_attributes_of(server);

	return attributes ? attributes->daemon_threads : ss_threading_defaults.daemon_threads;
}

size_t
ss_threading_live_threads(ss_server *server)
{
	threading_state *state = threading_state_of(server);
	size_t live;

	if (state == NULL)
		return 0;
	pthread_mutex_lock(&state->lock);
	live = state->live;
	pthread_mutex_unlock(&state->lock);
	return live;
}

size_t
ss_threading_thread_count(ss_server *server)
{
	threading_state *state = threading_state_of(server);
	size_t count;

	if (state == NULL)
		return 0;
	pthread_mutex_lock(&state->lock);
	count = state->tracked_count;
	pthread_mutex_unlock(&state->lock);
	return count;
}
