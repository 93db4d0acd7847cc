/*
 * Defects of the repository itself (not of the learner's work): a missing
 * test, hint, stub or solution, a stub without its to-do marker.
 */
#ifndef EXERCISES_EXERCISE_DEFECTS_H
#define EXERCISES_EXERCISE_DEFECTS_H

#include "exercise_list.h"

#include <stdbool.h>

enum defect_scope {
	/* What the learner's runner needs: stub, test and hint. */
	DEFECTS_FOR_LEARNER,
	/*
	 * The repository's own check adds the solution and the to-do marker. The marker is
	 * not asked of the learner: deleting it is a natural part of solving.
	 */
	DEFECTS_FOR_VERIFY,
};

/* "missing exercises/01-x/1-y.hint.md; ..." (heap string), or NULL when all is in place. */
char *exercise_defects(const char *root, const struct exercise *exercise, enum defect_scope scope);

/* Paths of an exercise's files, relative to root. */
char *exercise_stub_path(const struct exercise *exercise);
char *exercise_test_path(const struct exercise *exercise);
char *exercise_hint_path(const struct exercise *exercise);
char *exercise_solution_path(const struct exercise *exercise);

#endif
