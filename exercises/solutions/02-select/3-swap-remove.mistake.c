/* Exercise 3 — THE MISTAKE its hint warns about: the moved key's position is
 * updated, but after the removed fd's -1, so removing the last key brings it
 * back. */
#include "3-swap-remove.h"

#include <errno.h>

int
exercise_table_remove(key_table *t, int fd)
{
	if (table_find(t, fd) == NULL) {
		errno = ENOENT;
		return -1;
	}
	int hole = t->position[fd];

	t->keys[hole] = t->keys[t->count - 1]; /* the last key fills the hole */
	t->count--;
	t->position[fd] = -1;
	t->position[t->keys[hole].fd] = hole; /* the mistake: when fd was the last key, it comes back */
	return 0;
}

/* ---- given ------------------------------------------------------------------ */

void
table_init(key_table *t)
{
	t->count = 0;
	for (int fd = 0; fd < TABLE_FDS; fd++)
		t->position[fd] = -1;
}

int
table_add(key_table *t, int fd, int events, void *data)
{
	if (table_find(t, fd) != NULL) {
		errno = EEXIST;
		return -1;
	}
	if (t->count == TABLE_MAX) {
		errno = ENOSPC;
		return -1;
	}
	t->keys[t->count] = (ss_selector_key){.fd = fd, .events = events, .data = data};
	t->position[fd] = t->count++;
	return 0;
}

ss_selector_key *
table_find(key_table *t, int fd)
{
	if (fd < 0 || fd >= TABLE_FDS || t->position[fd] == -1)
		return NULL;
	return &t->keys[t->position[fd]];
}
