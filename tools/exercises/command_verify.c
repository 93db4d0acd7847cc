/*
 * exercises verify: the repository's own check, for every exercise. Its
 * solution must pass, and its untouched stub must fail: an exercise that
 * passes before the learner has done anything teaches nothing.
 */
#include "command_common.h"
#include "commands.h"
#include "text.h"

#include <stdbool.h>
#include <stdlib.h>

#define OUTPUT_PREFIX "      | "

/* Prints one exercise's line (and the solution's output if it fails); true if the check holds. */
static bool
verify_exercise(FILE *out, const struct check_settings *settings, const struct exercise *exercise)
{
	char *defects = exercise_defects(settings->root, exercise, DEFECTS_FOR_VERIFY);
	if (defects != NULL) {
		fprintf(out, "FAIL  %s: %s\n", exercise->id, defects);
		free(defects);
		return false;
	}

	struct check_result solution, stub;
	check_exercise(settings, exercise, WITH_SOLUTION, &solution);
	check_exercise(settings, exercise, WITH_LEARNER_FILE, &stub);
	bool solution_passes = solution.outcome == CHECK_PASSES;
	bool stub_fails = stub.outcome != CHECK_PASSES;
	char *solution_text = check_outcome_text(settings, solution.outcome);
	char *stub_text = check_outcome_text(settings, stub.outcome);

	if (solution_passes && stub_fails) {
		fprintf(out, "ok    %s: solution passes, stub fails (%s)\n", exercise->id, stub_text);
	} else {
		fprintf(out, "FAIL  %s:", exercise->id);
		if (!solution_passes)
			fprintf(out, " solution: %s;", solution_text);
		else
			fputs(" solution passes;", out);
		if (stub_fails)
			fprintf(out, " stub fails (%s)\n", stub_text);
		else
			fputs(" stub passes untouched: its test cannot catch a missing answer\n", out);
		if (!solution_passes)
			command_print_lines(out, OUTPUT_PREFIX, solution.output);
	}

	free(solution_text);
	free(stub_text);
	check_result_free(&solution);
	check_result_free(&stub);
	return solution_passes && stub_fails;
}

int
command_verify(const struct options *options, FILE *out, FILE *err)
{
	struct exercise_list list;
	if (exercise_list_load(options->root, &list, err) != 0)
		return EXIT_BROKEN_REPOSITORY;

	struct check_settings settings = command_check_settings(options);
	size_t passed = 0;
	for (size_t i = 0; i < list.count; i++) {
		if (verify_exercise(out, &settings, &list.items[i]))
			passed++;
		fflush(out);
	}
	fprintf(out, "exercises: %zu passed, %zu failed\n", passed, list.count - passed);
	int status = passed == list.count ? EXIT_ALL_GOOD : EXIT_SOMETHING_FAILS;
	exercise_list_free(&list);
	return status;
}
