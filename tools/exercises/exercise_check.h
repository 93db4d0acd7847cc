/*
 * Building one exercise (through the Makefile, a black box) and running its
 * test binary: with the learner's file, or with the reference solution.
 */
#ifndef EXERCISES_EXERCISE_CHECK_H
#define EXERCISES_EXERCISE_CHECK_H

#include "exercise_list.h"

struct check_settings {
	const char *root;       /* the repository: make -C root */
	const char *build_dir;  /* relative to root, or absolute: "build/normal" */
	double timeout_seconds; /* for the test binary; the build has no limit */
};

enum check_variant { WITH_LEARNER_FILE, WITH_SOLUTION };

enum check_outcome {
	CHECK_PASSES,
	CHECK_DOES_NOT_COMPILE, /* make failed */
	CHECK_TEST_FAILS,       /* the test binary exited non-zero or crashed */
	CHECK_TIMES_OUT,        /* the test binary was killed at the time limit */
};

struct check_result {
	enum check_outcome outcome;
	char *output; /* make's output, then the test's */
};

void check_exercise(const struct check_settings *settings, const struct exercise *exercise,
                    enum check_variant variant, struct check_result *result);

void check_result_free(struct check_result *result);

/* "does not compile", "test fails", ... as a heap string. */
char *check_outcome_text(const struct check_settings *settings, enum check_outcome outcome);

#endif
