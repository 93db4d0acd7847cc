/*
 * exercises run: the exercises in order, up to the first one that fails.
 * Nothing is remembered between runs; the files alone say how far you are.
 */
#include "command_common.h"
#include "commands.h"
#include "text.h"

#include <stdbool.h>
#include <stdlib.h>

/* Why it fails, in the learner's terms. */
static char *
failure_reason(const struct check_settings *settings, enum check_outcome outcome)
{
	if (outcome == CHECK_DOES_NOT_COMPILE)
		return text_format("does not compile yet");
	return check_outcome_text(settings, outcome);
}

static void
print_hint(FILE *out, const char *root, const struct exercise *exercise)
{
	char *relative = exercise_hint_path(exercise);
	char *path = text_join_path(root, relative);
	char *hint = text_read_file(path);
	fprintf(out, "Hint (%s):\n", path);
	command_print_lines(out, "", hint != NULL ? hint : "(the hint cannot be read)");
	free(hint);
	free(path);
	free(relative);
}

/*
 * The failing exercise: its output first, then, last on the screen, which file
 * to edit and the hint. The output is headed by the exercise's name, so that
 * the next exercise's errors are not taken for the one just finished.
 */
static void
print_failure(FILE *out, const struct check_settings *settings, const struct exercise *exercise,
              const struct check_result *result)
{
	if (result->output[0] != '\0') {
		fprintf(out, "--- %s: output of its build and test ---\n", exercise->id);
		command_print_lines(out, "", result->output);
		fputs("---\n", out);
	}
	char *relative = exercise_stub_path(exercise);
	char *stub = text_join_path(settings->root, relative);
	char *reason = failure_reason(settings, result->outcome);
	fprintf(out, "✗ %s — edit %s\n", exercise->id, stub);
	fprintf(out, "  %s\n", reason);
	free(reason);
	free(stub);
	free(relative);
	print_hint(out, settings->root, exercise);
}

/* Only once every exercise passes: the solutions are never shown before. */
static void
print_congratulation(FILE *out, const char *root)
{
	char *solutions = text_join_path(root, "exercises/solutions/");
	fputs("All exercises pass. Well done!\n", out);
	fprintf(out, "Compare your code with the reference solutions in %s\n", solutions);
	free(solutions);
}

int
command_run(const struct options *options, FILE *out, FILE *err)
{
	struct exercise_list list;
	int status = command_load_for_learner(options, &list, err);
	if (status != EXIT_ALL_GOOD)
		return status;
	if (list.count == 0) {
		fprintf(out, "No exercises yet in %s.\n", options->root);
		exercise_list_free(&list);
		return EXIT_ALL_GOOD;
	}

	struct check_settings settings = command_check_settings(options);
	size_t done = 0;
	for (; done < list.count; done++) {
		const struct exercise *exercise = &list.items[done];
		struct check_result result;
		check_exercise(&settings, exercise, WITH_LEARNER_FILE, &result);
		bool passes = result.outcome == CHECK_PASSES;
		if (passes)
			fprintf(out, "✓ %s\n", exercise->id);
		else
			print_failure(out, &settings, exercise, &result);
		check_result_free(&result);
		fflush(out);
		if (!passes)
			break;
	}

	fprintf(out, "%zu/%zu done\n", done, list.count);
	if (done == list.count)
		print_congratulation(out, options->root);
	status = done == list.count ? EXIT_ALL_GOOD : EXIT_SOMETHING_FAILS;
	exercise_list_free(&list);
	return status;
}
