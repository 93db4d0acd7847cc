/* server.c — making and unmaking servers, and the public face. */
#include "base_server.h"
#include "class.h"

#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* One block of state a class attached (base_server.h). */
struct ss__state_block {
	ss__state_block *next;
	const ss_server_class *owner;
	void (*release)(void *block);
	max_align_t block[]; /* the block itself, aligned for anything */
};

void *
ss_server_attach_state(ss_server *server, const ss_server_class *owner, size_t size,
                       void (*release)(void *block))
{
	ss__state_block *state = calloc(1, sizeof *state + size);

	if (state == NULL) {
		ss_set_error("cannot make %s's state: out of memory", owner->name);
		errno = ENOMEM;
		return NULL;
	}
	state->owner = owner;
	state->release = release;
	state->next = server->states;
	server->states = state;
	return state->block;
}

void *
ss_server_state(const ss_server *server, const ss_server_class *owner)
{
	for (ss__state_block *state = server->states; state != NULL; state = state->next)
		if (state->owner == owner)
			return state->block;
	return NULL;
}

static void
server_delete(ss_server *self)
{
	while (self->states != NULL) {
		ss__state_block *state = self->states;
		self->states = state->next;
		if (state->release != NULL)
			state->release(state->block);
		free(state);
	}
	pthread_cond_destroy(&self->shutdown.changed);
	pthread_mutex_destroy(&self->shutdown.lock);
	free(self);
}

static ss_server *
server_new(const ss_server_class *cls, const char *server_address,
           const ss_handler_class *handler_class, void *user, bool bind_and_activate)
{
	ss_server_class methods;
	ss_server *self;

	ss_server_class_resolve(cls, &methods);
	self = calloc(1, methods.instance_size);
	if (self == NULL) {
		ss_set_error("cannot make a %s: out of memory", cls->name);
		return NULL;
	}
	/* The shutdown handshake's lock lives as long as the memory, whatever
	 * init does: made here, destroyed in server_delete. */
	if (pthread_mutex_init(&self->shutdown.lock, NULL) != 0) {
		free(self);
		return NULL;
	}
	pthread_cond_init(&self->shutdown.changed, NULL);
	atomic_init(&self->references, 1); /* the program's */
	self->methods = methods;
	self->cls = &self->methods;
	self->type = cls;
	self->handler_class = handler_class ? handler_class : &ss_base_request_handler;
	self->user = user;
	/*@ -> self.init */
	if (self->cls->init(self, server_address, bind_and_activate) == -1) {
		int saved_errno = errno;
		server_delete(self);
		errno = saved_errno;
		return NULL;
	}
	return self;
}

ss_server *
ss_server_new(const ss_server_class *cls, const char *server_address,
              const ss_handler_class *handler_class, void *user)
{
	return server_new(cls, server_address, handler_class, user, true);
}

ss_server *
ss_server_new_inactive(const ss_server_class *cls, const char *server_address,
                       const ss_handler_class *handler_class, void *user)
{
	return server_new(cls, server_address, handler_class, user, false);
}

void
ss_server_close(ss_server *server)
{
	server->cls->server_close(server); /*@ -> self.server_close */
	server->closed = true;
}

void
ss_server_retain(ss_server *server)
{
	atomic_fetch_add_explicit(&server->references, 1, memory_order_relaxed);
}

/* The last reference frees: acq_rel, so every write a thread made to the
 * instance happens before the free, whichever thread frees. */
void
ss_server_release(ss_server *server)
{
	if (atomic_fetch_sub_explicit(&server->references, 1, memory_order_acq_rel) == 1)
		server_delete(server);
}

void
ss_server_free(ss_server *server)
{
	if (server == NULL)
		return;
	if (!server->closed)
		ss_server_close(server); /*@ -> ss_server_close [if not closed yet] */
	ss_server_release(server); /* the program's reference */
}

int
ss_serve_forever(ss_server *server, double poll_interval)
{
	return server->cls->serve_forever(server, poll_interval); /*@ -> self.serve_forever */
}

void
ss_shutdown(ss_server *server)
{
	server->cls->shutdown(server); /*@ -> self.shutdown */
}

int
ss_handle_request(ss_server *server)
{
	return server->cls->handle_request(server); /*@ -> self.handle_request */
}

int
ss_fileno(ss_server *server)
{
	return server->cls->fileno(server); /*@ -> self.fileno */
}
