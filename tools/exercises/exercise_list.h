/*
 * Finding the exercises of a repository.
 *
 *   exercises/NN-slug/K-name.c            the learner's stub
 *   exercises/NN-slug/K-name.test.c       its cmocka test
 *   exercises/NN-slug/K-name.hint.md      its hint
 *   exercises/solutions/NN-slug/K-name.c  its reference solution
 *
 * An exercise is known by any one of its four files, so that a stub or a test
 * that is missing (or misnamed) is reported instead of silently skipped.
 */
#ifndef EXERCISES_EXERCISE_LIST_H
#define EXERCISES_EXERCISE_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct exercise {
	char *chapter;          /* "01-accept-loop" */
	char *name;             /* "2-bind" */
	unsigned long number;   /* 2: the order inside the chapter */
	char *id;               /* "01-accept-loop/2-bind" */
	bool has_stub, has_test, has_hint, has_solution;
};

struct exercise_list {
	struct exercise *items;
	size_t count;
};

/*
 * Fills list with the exercises under root, in order: chapters sorted by name,
 * then by number inside a chapter (2 before 10). Returns -1, with a message on
 * err, when root has no readable exercises directory.
 */
int exercise_list_load(const char *root, struct exercise_list *list, FILE *err);

void exercise_list_free(struct exercise_list *list);

#endif
