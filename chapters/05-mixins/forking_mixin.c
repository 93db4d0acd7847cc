/* forking_mixin.c — ForkingMixIn: a child process per request. Python's
 * class ForkingMixIn (Lib/socketserver.py), method by method, better in
 * three places:
 *
 *  - it reaps only the children it forked: waitpid(pid) for each pid it
 *    recorded, never waitpid(-1), which can steal the program's other
 *    children. At max_children it waits for one of its own to exit through
 *    their pidfds (Linux's pidfd_open, opened for that wait only) in the
 *    selector — so a stop signal ends that wait too (chapter 1's stop.h);
 *  - no zombie outlives server_close: with block_on_close false, the
 *    children still running are handed to a detached reaper thread;
 *  - the child closes the listening socket, which it never uses (CPython's
 *    child keeps it): a long-running child does not keep the port open
 *    after the server has gone. A datagram server's socket is the request's
 *    own (the child answers on it), so that one stays open.
 *
 * The child never returns into the server loop and never runs the parent's
 * clean-up: it ends with _exit (0 if finish_request succeeded, else 1),
 * after flushing its own stdio. The parent flushes stdio before fork, so a
 * child does not write the parent's buffered output a second time.
 */
#define _GNU_SOURCE /* syscall */
#include "mixins.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "selector.h"

const ss_forking_attributes ss_forking_defaults = {
	.max_children = 40,
	.block_on_close = true,
	.timeout = 300,
};

typedef struct child {
	pid_t pid;
} child;

/*@region forking-state */
/* ForkingMixIn's block in the instance (ss_server_attach_state). */
typedef struct forking_state {
	ss_forking_attributes attributes; /* the instance's copy */
	pthread_mutex_t lock;             /* guards the children, for introspection */
	child *children;                  /* Python's active_children */
	size_t count, capacity;
} forking_state;

static forking_state *
forking_state_of(const ss_server *self)
{
	return ss_server_state(self, &ss_forking_mixin);
}
/*@end forking-state */

static void
forking_state_release(void *block)
{
	forking_state *state = block;

	free(state->children);
	pthread_mutex_destroy(&state->lock);
}

/* Python's ForkingMixIn has no __init__: timeout = 300 is a class attribute
 * that shadows BaseServer's None. Ours attaches its block, lets the server
 * under it init (BaseServer's sets timeout = None), then sets its own. */
static int
forking_init(ss_server *self, const char *server_address, bool bind_and_activate)
{
	SS_TRACE("ForkingMixIn", "__init__");
	forking_state *state;
	const ss_forking_attributes *defaults;
	ss_server_class super;

	state = ss_server_attach_state(self, &ss_forking_mixin, sizeof *state, forking_state_release);
	if (state == NULL)
		return -1;
	pthread_mutex_init(&state->lock, NULL);
	defaults = ss_server_class_attributes(self->type, &ss_forking_mixin);
	state->attributes = defaults ? *defaults : ss_forking_defaults;
	ss_server_super(self, &ss_forking_mixin, &super);
	if (super.init(self, server_address, bind_and_activate) == -1) /*@ -> super.init */
		return -1;
	self->timeout = state->attributes.timeout;
	return 0;
}

static void
forget_child(forking_state *state, size_t i)
{
	pthread_mutex_lock(&state->lock);
	state->children[i] = state->children[--state->count];
	pthread_mutex_unlock(&state->lock);
}

/* waitpid(pid, options) for each child we forked; forget those that have
 * ended (or that someone else reaped: ECHILD). */
static void
reap_children(forking_state *state, int options)
{
	for (size_t i = 0; i < state->count;) {
		pid_t done;
		do
			done = waitpid(state->children[i].pid, NULL, options);
		while (done == -1 && errno == EINTR && (options & WNOHANG) == 0);
		if (done == state->children[i].pid || (done == -1 && errno == ECHILD))
			forget_child(state, i); /* the last one moved to i: look at i again */
		else
			i++;
	}
}

/* A pidfd for child pid, if it is still ours; else -1 with errno: ESRCH
 * or ECHILD if it is gone (reaped by someone else: reap_children then sees
 * ECHILD and forgets it), another errno if no pidfd could be had.
 * waitid(P_PIDFD) asks the kernel whether the process is our child, so a
 * pid reused by an unrelated process since is never waited for. */
static int
open_child_pidfd(pid_t pid)
{
	siginfo_t info;
	/* close-on-exec, always (pidfd_open sets it) */
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);

	if (pidfd != -1 && waitid(P_PIDFD, (id_t)pidfd, &info, WEXITED | WNOHANG | WNOWAIT) == -1) {
		int error = errno;
		close(pidfd);
		errno = error;
		return -1;
	}
	return pidfd;
}

/* Block until one of our children has exited: their pidfds in a selector,
 * no time limit. -1 if a stop was requested (or the wait failed). The
 * pidfds are opened for this wait only — at max_children, not for every
 * child (two system calls a connection saved). A child for which no pidfd
 * can be had is waited for directly. */
static int
wait_for_a_child(forking_state *state)
{
	ss_selector *selector = ss_selector_new(ss_default_selector);
	ss_selector_ready ready[1];
	int *pidfds = calloc(state->count, sizeof *pidfds);
	size_t opened = 0;
	bool one_is_done = false;
	int status = 0;

	if (selector == NULL || pidfds == NULL) {
		ss_selector_free(selector);
		free(pidfds);
		ss_set_error("cannot wait for a child: out of memory");
		return -1;
	}
	for (size_t i = 0; i < state->count; i++) {
		pid_t pid = state->children[i].pid;
		int pidfd = open_child_pidfd(pid);
		if (pidfd == -1) {
			if (errno != ESRCH && errno != ECHILD) /* alive, but no pidfd */
				while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
					continue;
			one_is_done = true; /* reap_children sees ECHILD and forgets it */
			break;
		}
		pidfds[opened++] = pidfd;
		ss_selector_register(selector, pidfd, SS_EVENT_READ, NULL);
	}
	if (!one_is_done && ss_selector_select(selector, -1, ready, 1) == -1)
		status = -1;
	ss_selector_free(selector);
	while (opened > 0)
		close(pidfds[--opened]);
	free(pidfds);
	return status;
}

/*@region collect-children */
/* Python's collect_children(*, blocking=False). Back-pressure first: while
 * max_children are running, wait for one to end (Python: waitpid(-1, 0),
 * any child at all). Then reap the ones that have ended — or, blocking,
 * wait for every one. */
static void
collect_children(ss_server *self, bool blocking)
{
	SS_TRACE("ForkingMixIn", "collect_children");
	forking_state *state = forking_state_of(self);

	while (state->count >= (size_t)state->attributes.max_children) {
		if (wait_for_a_child(state) == -1) /*@ -> wait_for_a_child [at max_children] */
			break; /* a stop request: serve_forever sees it next */
		reap_children(state, WNOHANG);
	}
	reap_children(state, blocking ? 0 : WNOHANG);
}
/*@end collect-children */

static void
forking_handle_timeout(ss_server *self)
{
	SS_TRACE("ForkingMixIn", "handle_timeout");
	collect_children(self, false);
}

static void
forking_service_actions(ss_server *self)
{
	SS_TRACE("ForkingMixIn", "service_actions");
	collect_children(self, false);
}

/*@region forked-child */
/* The child's half of process_request. Python: status = 1; try:
 * finish_request; status = 0  except Exception: handle_error  finally:
 * shutdown_request; os._exit(status). A result other than 0 and -1
 * (chapter 6's "SystemExit") skips handle_error, and exits 1. */
static _Noreturn void
process_request_child(ss_server *self, ss_request *request, const ss_address *client_address)
{
	SS_TRACE("ForkingMixIn", "process_request_child");
	int listening = self->cls->fileno(self); /*@ -> self.fileno */

	if (listening != -1 && listening != request->fd)
		close(listening); /* the child accepts nothing */
	/*@ -> self.finish_request */
	int status = self->cls->finish_request(self, request, client_address);
	if (status == -1)
		self->cls->handle_error(self, request, client_address); /*@ -> self.handle_error [if it failed] */
	self->cls->shutdown_request(self, request); /*@ -> self.shutdown_request [always] */
	fflush(NULL);
	_exit(status == 0 ? 0 : 1);
}
/*@end forked-child */

static int
make_room_for_a_child(forking_state *state)
{
	if (state->count < state->capacity)
		return 0;
	size_t capacity = state->capacity ? 2 * state->capacity : 8;
	child *children = realloc(state->children, capacity * sizeof *children);
	if (children == NULL) {
		ss_set_error("cannot fork for the request: out of memory");
		errno = ENOMEM;
		return -1;
	}
	pthread_mutex_lock(&state->lock);
	state->children = children;
	state->capacity = capacity;
	pthread_mutex_unlock(&state->lock);
	return 0;
}

/*@region forking-process-request */
/* Python: pid = os.fork(); the parent records the child and closes its copy
 * of the request (close_request, not shutdown_request: a SHUT_WR would cut
 * the child's connection too); the child serves it and exits. Room for the
 * record is made before forking, so a child is never left unrecorded. A
 * failed fork returns -1: the loop calls handle_error and shutdown_request. */
static int
forking_process_request(ss_server *self, ss_request *request, const ss_address *client_address)
{
	SS_TRACE("ForkingMixIn", "process_request");
	forking_state *state = forking_state_of(self);

	if (make_room_for_a_child(state) == -1)
		return -1;
	fflush(NULL); /* nothing buffered for the child to write again */
	/* The lock is held across fork, so no other thread holds it then: the
	 * child (which has only this thread) can unlock its copy and use it. */
	pthread_mutex_lock(&state->lock);
	pid_t pid = fork();
	if (pid == -1) {
		int error = errno;
		pthread_mutex_unlock(&state->lock);
		ss_set_error("cannot fork for the request: %s", strerror(error));
		errno = error;
		return -1;
	}
	if (pid == 0) {
		pthread_mutex_unlock(&state->lock);
		process_request_child(self, request, client_address); /*@ ~> process_request_child */
	}
	state->children[state->count++] = (child){.pid = pid};
	pthread_mutex_unlock(&state->lock);
	self->cls->close_request(self, request); /*@ -> self.close_request */
	return 0;
}
/*@end forking-process-request */

/* The children server_close does not wait for: a detached thread waits for
 * each, so none is left a zombie. It owns the list it is given. */
typedef struct orphans {
	size_t count;
	pid_t pids[];
} orphans;

static void *
reap_orphans(void *argument)
{
	orphans *list = argument;

	for (size_t i = 0; i < list->count; i++)
		while (waitpid(list->pids[i], NULL, 0) == -1 && errno == EINTR)
			continue;
	free(list);
	return NULL;
}

static void
hand_children_to_a_reaper(forking_state *state)
{
	orphans *list = malloc(sizeof *list + state->count * sizeof list->pids[0]);
	pthread_attr_t attributes;
	pthread_t reaper;
	sigset_t all, saved;

	if (list == NULL)
		return; /* they will be zombies until the program ends: nothing better */
	list->count = state->count;
	for (size_t i = 0; i < state->count; i++)
		list->pids[i] = state->children[i].pid;
	sigfillset(&all);
	pthread_attr_init(&attributes);
	pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
	pthread_sigmask(SIG_BLOCK, &all, &saved); /* the reaper takes no signal */
	int error = pthread_create(&reaper, &attributes, reap_orphans, list);
	pthread_sigmask(SIG_SETMASK, &saved, NULL);
	pthread_attr_destroy(&attributes);
	if (error != 0) {
		free(list);
		return;
	}
	while (state->count > 0)
		forget_child(state, state->count - 1);
}

/* A stop (SIGINT/SIGTERM, chapter 1's stop.h) is the whole program's: a
 * handler thread sees the flag in its next wait, and a child — a process
 * of its own, with its own copy of the flag — is told with SIGTERM, which
 * it inherited the handler of, so its waits end too and it exits. (Python
 * leaves children to the terminal's Ctrl-C, which reaches the whole
 * process group; a `kill PID` reaches only the parent.) */
static void
pass_the_stop_to_children(forking_state *state)
{
	for (size_t i = 0; i < state->count; i++)
		kill(state->children[i].pid, SIGTERM);
}

/*@region forking-server-close */
/* Python: super().server_close(); collect_children(blocking=block_on_close).
 * After a stop, the children are told first. */
static void
forking_server_close(ss_server *self)
{
	SS_TRACE("ForkingMixIn", "server_close");
	forking_state *state = forking_state_of(self);
	ss_server_class super;

	ss_server_super(self, &ss_forking_mixin, &super);
	super.server_close(self); /*@ -> super.server_close */
	if (ss_stop_requested())
		pass_the_stop_to_children(state); /*@ -> pass_the_stop_to_children [after a stop] */
	collect_children(self, state->attributes.block_on_close);
	if (state->count > 0)
		hand_children_to_a_reaper(state); /*@ -> hand_children_to_a_reaper [if some still run] */
}
/*@end forking-server-close */

/*@region forking-mixin-class */
const ss_server_class ss_forking_mixin = {
	.name = "ForkingMixIn",
	.base = NULL, /* a mix-in: composed in front of a base, never alone */
	.attributes = &ss_forking_defaults,
	.init = forking_init,
	.process_request = forking_process_request,
	.service_actions = forking_service_actions,
	.handle_timeout = forking_handle_timeout,
	.server_close = forking_server_close,
};
/*@end forking-mixin-class */

/* ---- attributes and introspection (mixins.h) ---------------------------- */

ss_forking_attributes *
ss_forking_attributes_of(ss_server *server)
{
	forking_state *state = forking_state_of(server);

	return state ? &state->attributes : NULL;
}

int
ss_set_max_children(ss_server *server, int max_children)
{
	ss_forking_attributes *attributes = ss_forking_attributes_of(server);

	if (attributes == NULL || max_children < 1) {
		if (attributes == NULL)
			ss_set_error("%s has no max_children: it is not a ForkingMixIn server",
			             server->type->name);
		else
			ss_set_error("max_children must be at least 1, not %d", max_children);
		errno = EINVAL;
		return -1;
	}
	attributes->max_children = max_children;
	return 0;
}

int
ss_max_children(ss_server *server)
{
	ss_forking_attributes *attributes = ss_forking_attributes_of(server);

	return attributes ? attributes->max_children : ss_forking_defaults.max_children;
}

size_t
ss_forking_active_children(ss_server *server)
{
	forking_state *state = forking_state_of(server);
	size_t count;

	if (state == NULL)
		return 0;
	pthread_mutex_lock(&state->lock);
	count = state->count;
	pthread_mutex_unlock(&state->lock);
	return count;
}
