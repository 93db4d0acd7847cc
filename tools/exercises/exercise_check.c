#include "exercise_check.h"

#include "run_command.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

/* "build/normal/exercises/01-x/1-y.learner": the Makefile's name for the test binary. */
static char *
binary_target(const struct check_settings *settings, const struct exercise *exercise,
              enum check_variant variant)
{
	const char *kind = variant == WITH_SOLUTION ? "solution" : "learner";
	char *exercises_dir = text_join_path(settings->build_dir, "exercises");
	char *target = text_format("%s/%s.%s", exercises_dir, exercise->id, kind);
	free(exercises_dir);
	return target;
}

static void
build(const struct check_settings *settings, const char *target, struct run_result *built)
{
	char *argv[] = { "make", "-s", "--no-print-directory", "-C", (char *)settings->root,
	                 (char *)target, NULL };
	run_command(&(struct run_request){ .argv = argv }, built);
}

/* The test runs inside root, as make did, so the target path stays valid. */
static void
run_test(const struct check_settings *settings, const char *target, struct run_result *ran)
{
	char *program = text_format("%s%s", target[0] == '/' ? "" : "./", target);
	char *argv[] = { program, NULL };
	run_command(&(struct run_request){ .argv = argv, .directory = settings->root,
	                                   .timeout_seconds = settings->timeout_seconds },
	            ran);
	free(program);
}

void
check_exercise(const struct check_settings *settings, const struct exercise *exercise,
               enum check_variant variant, struct check_result *result)
{
	char *target = binary_target(settings, exercise, variant);
	struct run_result built;
	build(settings, target, &built);

	if (built.end != RUN_EXITED || built.code != 0) {
		result->outcome = CHECK_DOES_NOT_COMPILE;
		result->output = built.output;
		free(target);
		return;
	}

	struct run_result ran;
	run_test(settings, target, &ran);
	free(target);

	if (ran.end == RUN_EXITED && ran.code == 0)
		result->outcome = CHECK_PASSES;
	else if (ran.end == RUN_TIMED_OUT)
		result->outcome = CHECK_TIMES_OUT;
	else
		result->outcome = CHECK_TEST_FAILS;

	char *signal_note = ran.end == RUN_SIGNALED
		? text_format("(the test was killed by signal %d: %s)\n", ran.code, strsignal(ran.code))
		: text_format("%s", "");
	result->output = text_format("%s%s%s", built.output, ran.output, signal_note);
	free(signal_note);
	run_result_free(&built);
	run_result_free(&ran);
}

void
check_result_free(struct check_result *result)
{
	free(result->output);
	result->output = NULL;
}

char *
check_outcome_text(const struct check_settings *settings, enum check_outcome outcome)
{
	switch (outcome) {
	case CHECK_PASSES:
		return text_format("passes");
	case CHECK_DOES_NOT_COMPILE:
		return text_format("does not compile");
	case CHECK_TEST_FAILS:
		return text_format("test fails");
	case CHECK_TIMES_OUT:
		return text_format("test stopped at the time limit of %g s (--timeout)",
		                   settings->timeout_seconds);
	}
	return text_format("unknown outcome");
}
