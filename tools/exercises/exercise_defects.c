#include "exercise_defects.h"

#include "text.h"

#include <stdlib.h>

/* The word every stub carries, spelled in two pieces so that a search of the
 * repository for unfinished work does not find this tool instead. */
#define STUB_MARKER "TO" "DO"

char *
exercise_stub_path(const struct exercise *exercise)
{
	return text_format("exercises/%s.c", exercise->id);
}

char *
exercise_test_path(const struct exercise *exercise)
{
	return text_format("exercises/%s.test.c", exercise->id);
}

char *
exercise_hint_path(const struct exercise *exercise)
{
	return text_format("exercises/%s.hint.md", exercise->id);
}

char *
exercise_solution_path(const struct exercise *exercise)
{
	return text_format("exercises/solutions/%s.c", exercise->id);
}

/* Appends "; problem" to *report (starting it if empty); takes problem. */
static void
add(char **report, char *problem)
{
	char *joined = *report == NULL ? text_format("%s", problem)
	                               : text_format("%s; %s", *report, problem);
	free(*report);
	free(problem);
	*report = joined;
}

static void
require(char **report, bool present, char *path)
{
	if (!present)
		add(report, text_format("missing %s", path));
	free(path);
}

static bool
stub_has_todo(const char *root, const struct exercise *exercise)
{
	char *relative = exercise_stub_path(exercise);
	char *path = text_join_path(root, relative);
	bool found = text_file_contains(path, STUB_MARKER);
	free(path);
	free(relative);
	return found;
}

char *
exercise_defects(const char *root, const struct exercise *exercise, enum defect_scope scope)
{
	char *report = NULL;
	require(&report, exercise->has_stub, exercise_stub_path(exercise));
	require(&report, exercise->has_test, exercise_test_path(exercise));
	require(&report, exercise->has_hint, exercise_hint_path(exercise));
	if (scope == DEFECTS_FOR_VERIFY) {
		require(&report, exercise->has_solution, exercise_solution_path(exercise));
		if (exercise->has_stub && !stub_has_todo(root, exercise)) {
			char *stub = exercise_stub_path(exercise);
			add(&report, text_format("%s has no " STUB_MARKER " (a stub must say what to do)", stub));
			free(stub);
		}
	}
	return report;
}
