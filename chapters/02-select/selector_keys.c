/* selector_keys.c — the table of registered fds: register, modify, unregister.
 *
 * Python's selectors keep a dict fd -> SelectorKey. Ours is two arrays: the
 * keys themselves, packed, which the backends walk to build their system
 * call's arguments; and position[fd], which finds an fd's key at once.
 * fds are small integers (the kernel hands out the lowest free one), so an
 * array indexed by fd is the natural dict here.
 */
#include "selector_class.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

static bool
valid_events(int events)
{
	return events != 0 && (events & ~(SS_EVENT_READ | SS_EVENT_WRITE)) == 0;
}

static ss_selector_key *
find_key(const ss_selector *self, int fd)
{
	if (fd < 0 || fd >= self->positions || self->position[fd] == -1)
		return NULL;
	return &self->keys[self->position[fd]];
}

/* Room for one more key, and position[] long enough to index fd. */
static int
make_room(ss_selector *self, int fd)
{
	if (fd >= self->positions) {
		int size = self->positions > 0 ? self->positions : 64;
		int *bigger;

		while (size <= fd)
			size *= 2;
		bigger = realloc(self->position, (size_t)size * sizeof *bigger);
		if (bigger == NULL)
			return -1;
		for (int i = self->positions; i < size; i++)
			bigger[i] = -1;
		self->position = bigger;
		self->positions = size;
	}
	if (self->count == self->capacity) {
		int size = self->capacity > 0 ? self->capacity * 2 : 16;
		ss_selector_key *bigger = realloc(self->keys, (size_t)size * sizeof *bigger);

		if (bigger == NULL)
			return -1;
		self->keys = bigger;
		self->capacity = size;
	}
	return 0;
}

int
ss_selector_register(ss_selector *self, int fd, int events, void *data)
{
	if (fd < 0 || !valid_events(events)) {
		ss_set_error("cannot register fd %d for events %d: %s", fd, events,
		             fd < 0 ? "not an fd" : "events must be READ and/or WRITE");
		errno = EINVAL;
		return -1;
	}
	if (find_key(self, fd) != NULL) {
		ss_set_error("cannot register fd %d: it is already registered", fd);
		errno = EEXIST;
		return -1;
	}
	/* Can this backend watch it at all? select() cannot watch fd >= FD_SETSIZE. */
	if (self->cls->check_fd != NULL && self->cls->check_fd(self, fd) == -1) /*@ -> select_selector_check_fd [fd < FD_SETSIZE?] */
		return -1;
	if (make_room(self, fd) == -1) {
		ss_set_error("cannot register fd %d: %s", fd, strerror(ENOMEM));
		errno = ENOMEM;
		return -1;
	}
	self->keys[self->count] = (ss_selector_key){.fd = fd, .events = events, .data = data};
	self->position[fd] = self->count++;
	return 0;
}

int
ss_selector_modify(ss_selector *self, int fd, int events, void *data)
{
	ss_selector_key *key = find_key(self, fd);

	if (key == NULL) {
		ss_set_error("cannot modify fd %d: it is not registered", fd);
		errno = ENOENT;
		return -1;
	}
	if (!valid_events(events)) {
		ss_set_error("cannot modify fd %d to events %d: events must be READ and/or WRITE",
		             fd, events);
		errno = EINVAL;
		return -1;
	}
	key->events = events;
	key->data = data;
	key->ready &= events;
	return 0;
}

int
ss_selector_unregister(ss_selector *self, int fd)
{
	ss_selector_key *key = find_key(self, fd);
	int hole;

	if (key == NULL) {
		ss_set_error("cannot unregister fd %d: it is not registered", fd);
		errno = ENOENT;
		return -1;
	}
	/* Keep keys[] packed: the last key moves into the hole. */
	hole = self->position[fd];
	self->keys[hole] = self->keys[--self->count];
	self->position[self->keys[hole].fd] = hole;
	self->position[fd] = -1;
	return 0;
}
