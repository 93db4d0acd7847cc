/* 3-swap-remove.h — exercise 3 of chapter 2: a bug to find in a key table. */
#ifndef EXERCISE_3_SWAP_REMOVE_H
#define EXERCISE_3_SWAP_REMOVE_H

#include "selector_class.h"

enum { TABLE_MAX = 64, TABLE_FDS = 256 };

/* The selector's table of registered fds, made small (selector_keys.c has
 * the real one): keys[0..count) packed, in no order, and position[fd], the
 * index of fd's key in keys[], or -1. Every fd < TABLE_FDS. */
typedef struct key_table {
	ss_selector_key keys[TABLE_MAX];
	int count;
	int position[TABLE_FDS];
} key_table;

/* Given: an empty table; add a key (0, or -1 with errno EEXIST if fd is
 * there, ENOSPC if the table is full); find fd's key (NULL if none). */
void table_init(key_table *t);
int table_add(key_table *t, int fd, int events, void *data);
ss_selector_key *table_find(key_table *t, int fd);

/* Remove fd's key, keeping keys[] packed: the last key moves into the
 * hole. Returns 0, or -1 with errno ENOENT if fd is not in the table.
 * Afterwards table_find(t, fd) is NULL, and every other key is found as
 * before, with its own events and data. */
int exercise_table_remove(key_table *t, int fd);

#endif
