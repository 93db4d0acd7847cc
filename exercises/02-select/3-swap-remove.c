/* Exercise 3 — a bug to find.
 *
 * exercise_table_remove() below compiles, looks right, and works in the
 * first test anyone would write (add one fd, remove it). It is still wrong,
 * and a selector built on it would, some time later, report the wrong
 * client's data for a ready fd, or lose a client for good. Run the test,
 * read what it says, find the bug, fix it. The rest of the file is given
 * and correct.
 *
 *   make build/normal/exercises/02-select/3-swap-remove.learner && \
 *     build/normal/exercises/02-select/3-swap-remove.learner
 */
#include "3-swap-remove.h"

#include <errno.h>

/* TODO: this function has a bug. Find it with the test's help, and fix it
 * (3-swap-remove.h says what the function must do). */
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
