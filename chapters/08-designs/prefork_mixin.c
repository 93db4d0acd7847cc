/* prefork_mixin.c — PreforkMixIn: a preforked server (Stevens, UNP 30.6),
 * with a parent that keeps the number of children up: gunicorn's arbiter,
 * in miniature. See designs.h for the design.
 *
 *   serve_forever -> spawn_child ~> child_serve   (workers times, then one
 *                                                  for each child that dies)
 *
 * The parent reaps only the children it forked, each by its pid (never
 * waitpid(-1), which could take the program's other children), and waits
 * for them through their pidfds, with the stop signals unblocked.
 */
#define _GNU_SOURCE /* syscall */
#include "designs.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "selector.h"

const ss_prefork_attributes ss_prefork_defaults = {
	.workers = 4,
};

typedef struct worker {
	pid_t pid;
	int pidfd; /* readable once the child has exited; -1 if none could be opened */
} worker;

/* PreforkMixIn's block in the instance (ss_server_attach_state). */
typedef struct prefork_state {
	ss_prefork_attributes attributes; /* the instance's copy */
	pthread_mutex_t lock;             /* guards the rest, for introspection */
	worker *children;                 /* workers entries; count of them live */
	size_t count;
	size_t restarts;                  /* children forked to replace a dead one */
	bool started_all;                 /* the first round forked them all */
	double window_start;              /* restarts in the current second: */
	size_t window_restarts;           /* at most workers + 10 of them */
	bool listener_shut;               /* the last stop shut the listener down (SHUT_RD) */
} prefork_state;

static prefork_state *
prefork_state_of(const ss_server *self)
{
	return ss_server_state(self, &ss_prefork_mixin);
}

static void
prefork_state_release(void *block)
{
	prefork_state *state = block;

	free(state->children);
	pthread_mutex_destroy(&state->lock);
}

static int
prefork_init(ss_server *self, const char *server_address, bool bind_and_activate)
{
	SS_TRACE("PreforkMixIn", "__init__");
	prefork_state *state;
	const ss_prefork_attributes *defaults;
	ss_server_class super;

	state = ss_server_attach_state(self, &ss_prefork_mixin, sizeof *state, prefork_state_release);
	if (state == NULL)
		return -1;
	pthread_mutex_init(&state->lock, NULL);
	defaults = ss_server_class_attributes(self->type, &ss_prefork_mixin);
	state->attributes = defaults ? *defaults : ss_prefork_defaults;
	ss_server_super(self, &ss_prefork_mixin, &super);
	return super.init(self, server_address, bind_and_activate); /*@ -> super.init */
}

/* In a child: the blocking accept, shared with the other children (the
 * kernel wakes one of them per connection). */
static int
prefork_get_request(ss_server *self, ss_request *request, ss_address *client_address)
{
	SS_TRACE("PreforkMixIn", "get_request");
	int fd = ss_blocking_accept(self->cls->fileno(self), client_address); /*@ -> self.fileno */

	if (fd == -1)
		return -1;
	request->fd = fd;
	return 0;
}

/*@region child-serve */
/* A child's whole life: the synchronous loop without the select — accept,
 * verify, process (BaseServer's, synchronous: the handler runs here), until
 * the parent shuts the listener down or a stop reaches this process. Then
 * _exit: the child never returns into the parent's code. */
static _Noreturn void
child_serve(ss_server *self)
{
	SS_TRACE("PreforkMixIn", "child_serve");
	int status = 0;

	for (;;) {
		ss_request request = {.fd = -1};
		ss_address client_address;
		memset(&client_address, 0, sizeof client_address);
		if (self->cls->get_request(self, &request, &client_address) == -1) { /*@ -> self.get_request */
			/* EINVAL: the listener was shut down, the stop. Anything
			 * else is not transient (the accept retries those): this
			 * worker ends, and the arbiter decides about another. */
			if (errno != EINVAL)
				status = 1;
			break;
		}
		if (self->cls->verify_request(self, &request, &client_address)) { /*@ -> self.verify_request */
			/*@ -> self.process_request [if verified] */
			int processed = self->cls->process_request(self, &request, &client_address);
			if (processed == -1) {
				self->cls->handle_error(self, &request, &client_address); /*@ -> self.handle_error [if it failed] */
				self->cls->shutdown_request(self, &request); /*@ -> self.shutdown_request [if it failed] */
			} else if (processed == SS_SYSTEM_EXIT) {
				self->cls->shutdown_request(self, &request); /*@ -> self.shutdown_request [if SystemExit] */
				status = 1;
				break; /* the handler asked this worker to end: the parent starts another */
			}
		} else {
			self->cls->shutdown_request(self, &request); /*@ -> self.shutdown_request [if not verified] */
		}
		if (ss_stop_requested())
			break;
	}
	fflush(NULL);
	_exit(status);
}
/*@end child-serve */

static int
worker_pidfd(pid_t pid)
{
	return (int)syscall(SYS_pidfd_open, pid, 0); /* close-on-exec, always */
}

/*@region spawn-child */
/* Fork one worker into slot i (== count: the first free one). The lock is held across fork (chapter 5's
 * ForkingMixIn does the same), so the child can use its copy; the child
 * closes its copies of its siblings' pidfds, which are the parent's. */
static int
spawn_child(ss_server *self, prefork_state *state, size_t i)
{
	SS_TRACE("PreforkMixIn", "spawn_child");
	fflush(NULL); /* nothing buffered for the child to write again */
	pthread_mutex_lock(&state->lock);
	pid_t pid = fork();
	if (pid == -1) {
		int error = errno;
		pthread_mutex_unlock(&state->lock);
		ss_set_error("cannot fork a worker: %s", strerror(error));
		errno = error;
		return -1;
	}
	if (pid == 0) {
		for (size_t j = 0; j < state->count; j++)
			if (state->children[j].pidfd != -1)
				close(state->children[j].pidfd);
		state->count = 0;
		pthread_mutex_unlock(&state->lock);
		child_serve(self); /*@ ~> child_serve */
	}
	state->children[i] = (worker){.pid = pid, .pidfd = worker_pidfd(pid)};
	state->count++; /* i is always the first free slot: count */
	pthread_mutex_unlock(&state->lock);
	return 0;
}
/*@end spawn-child */

/* Wait up to poll_interval for a child to exit (its pidfd readable) or a
 * stop signal (the selector's ppoll unblocks them): -1 for the stop. */
static int
wait_for_children(prefork_state *state, double poll_interval)
{
	ss_selector *selector = ss_selector_new(ss_default_selector);
	ss_selector_ready ready[1];
	int status = 0;

	if (selector == NULL)
		return -1;
	for (size_t i = 0; i < state->count; i++)
		if (state->children[i].pidfd != -1)
			ss_selector_register(selector, state->children[i].pidfd, SS_EVENT_READ, NULL);
	if (ss_selector_select(selector, poll_interval, ready, 1) == -1)
		status = -1;
	ss_selector_free(selector);
	return status;
}

/*@region restart-children */
/* The arbiter's round: each of our children that has exited is reaped (by
 * its pid) and its slot refilled — unless children are dying as fast as
 * they start (a handler that always crashes, a get_request that always
 * fails): then at most workers + 10 replacements a second, so a broken
 * worker is not a fork storm. */
static void
restart_children(ss_server *self, prefork_state *state)
{
	SS_TRACE("PreforkMixIn", "restart_children");
	size_t workers = (size_t)state->attributes.workers;

	for (size_t i = 0; i < state->count;) {
		int wstatus;
		pid_t done = waitpid(state->children[i].pid, &wstatus, WNOHANG);
		if (done != state->children[i].pid) {
			i++;
			continue;
		}
		if (state->children[i].pidfd != -1)
			close(state->children[i].pidfd);
		if (WIFSIGNALED(wstatus))
			fprintf(stderr, "worker %ld was killed by signal %d: starting another\n",
			        (long)done, WTERMSIG(wstatus));
		else
			fprintf(stderr, "worker %ld exited with status %d: starting another\n",
			        (long)done, WEXITSTATUS(wstatus));
		pthread_mutex_lock(&state->lock);
		state->children[i] = state->children[--state->count]; /* look at i again */
		pthread_mutex_unlock(&state->lock);
	}
	double now = ss_monotonic_seconds();
	if (now - state->window_start >= 1.0) {
		state->window_start = now;
		state->window_restarts = 0;
	}
	while (state->count < workers) {
		bool replacement = state->started_all;
		if (replacement && state->window_restarts >= workers + 10)
			break; /* dying too fast: the rest next second */
		if (spawn_child(self, state, state->count) == -1)
			break; /* fork failed: try again next round */
		if (replacement) {
			state->window_restarts++;
			pthread_mutex_lock(&state->lock);
			state->restarts++;
			pthread_mutex_unlock(&state->lock);
		}
	}
	state->started_all = true;
}
/*@end restart-children */

/*@region stop-children */
/* The stop: shutdown(SHUT_RD) on the listening socket — one open file
 * shared with every child — makes each child's blocked accept return; a
 * child in a handler finishes its connection (after a stop signal, it is
 * told with SIGTERM, whose handler it inherited). Then every child is
 * reaped, by its pid. ss_stop_listening (the SHUT_RD) also closes the
 * connections still queued and refuses new ones, TCP or Unix: a client
 * sees the server has stopped. The next serve_forever makes the socket
 * listen again. */
static void
stop_children(ss_server *self, prefork_state *state)
{
	SS_TRACE("PreforkMixIn", "stop_children");
	int listener = self->cls->fileno(self); /*@ -> self.fileno */

	if (listener != -1 && ss_stop_listening(listener) == 0)
		state->listener_shut = true;
	if (ss_stop_requested())
		for (size_t i = 0; i < state->count; i++)
			kill(state->children[i].pid, SIGTERM);
	for (size_t i = 0; i < state->count; i++) {
		while (waitpid(state->children[i].pid, NULL, 0) == -1 && errno == EINTR)
			continue;
		if (state->children[i].pidfd != -1)
			close(state->children[i].pidfd);
	}
	pthread_mutex_lock(&state->lock);
	state->count = 0;
	pthread_mutex_unlock(&state->lock);
}
/*@end stop-children */

/* The parent's loop: fork the workers, then wait — for a child to exit
 * (replace it), for ss_shutdown (seen every poll_interval), for a stop
 * signal — with BaseServer's handshake, so ss_shutdown works. */
static int
prefork_serve_forever(ss_server *self, double poll_interval)
{
	SS_TRACE("PreforkMixIn", "serve_forever");
	prefork_state *state = prefork_state_of(self);
	int workers = state->attributes.workers;
	int status = 0;

	if (ss_socket_server_of(self)->attributes.socket_type != SOCK_STREAM || workers < 1) {
		ss_set_error("%s: a preforked server serves a stream server, with workers >= 1",
		             self->type->name);
		errno = EINVAL;
		return -1;
	}
	if (state->listener_shut) { /* serving again after a stop */
		if (ss_listen_again(self) == -1)
			return -1;
		state->listener_shut = false;
	}
	pthread_mutex_lock(&state->lock);
	free(state->children);
	state->children = calloc((size_t)workers, sizeof *state->children);
	state->count = 0;
	state->started_all = false;
	pthread_mutex_unlock(&state->lock);
	if (state->children == NULL) {
		ss_set_error("cannot start the workers: out of memory");
		errno = ENOMEM;
		return -1;
	}
	pthread_mutex_lock(&self->shutdown.lock);
	self->shutdown.serving = true;
	self->shutdown.serving_thread = pthread_self();
	pthread_mutex_unlock(&self->shutdown.lock);
	for (;;) {
		restart_children(self, state); /* the first round forks them all */
		pthread_mutex_lock(&self->shutdown.lock);
		bool requested = self->shutdown.requested;
		pthread_mutex_unlock(&self->shutdown.lock);
		if (requested)
			break;
		if (ss_stop_requested() || wait_for_children(state, poll_interval) == -1) {
			errno = EINTR;
			status = -1;
			break;
		}
		self->cls->service_actions(self); /*@ -> self.service_actions [every loop] */
	}
	int saved_errno = errno;
	/* ss_shutdown returns here, as BaseServer's does when its loop ends;
	 * the children may still be finishing their connections. */
	pthread_mutex_lock(&self->shutdown.lock);
	self->shutdown.requested = false;
	self->shutdown.serving = false;
	pthread_cond_broadcast(&self->shutdown.changed);
	pthread_mutex_unlock(&self->shutdown.lock);
	stop_children(self, state);
	errno = saved_errno;
	return status;
}

/*@region prefork-mixin-class */
const ss_server_class ss_prefork_mixin = {
	.name = "PreforkMixIn",
	.base = NULL, /* a mix-in: composed in front of a base, never alone */
	.attributes = &ss_prefork_defaults,
	.init = prefork_init,
	.serve_forever = prefork_serve_forever,
	.get_request = prefork_get_request,
};
/*@end prefork-mixin-class */

/* ---- attributes and introspection (designs.h) ---------------------------- */

ss_prefork_attributes *
ss_prefork_attributes_of(ss_server *server)
{
	prefork_state *state = prefork_state_of(server);

	return state ? &state->attributes : NULL;
}

size_t
ss_prefork_children(ss_server *server)
{
	prefork_state *state = prefork_state_of(server);

	if (state == NULL)
		return 0;
	pthread_mutex_lock(&state->lock);
	size_t count = state->count;
	pthread_mutex_unlock(&state->lock);
	return count;
}

size_t
ss_prefork_restarts(ss_server *server)
{
	prefork_state *state = prefork_state_of(server);

	if (state == NULL)
		return 0;
	pthread_mutex_lock(&state->lock);
	size_t restarts = state->restarts;
	pthread_mutex_unlock(&state->lock);
	return restarts;
}

size_t
ss_prefork_pids(ss_server *server, pid_t *pids, size_t size)
{
	prefork_state *state = prefork_state_of(server);
	size_t n = 0;

	if (state == NULL)
		return 0;
	pthread_mutex_lock(&state->lock);
	for (; n < state->count && n < size; n++)
		pids[n] = state->children[n].pid;
	pthread_mutex_unlock(&state->lock);
	return n;
}
