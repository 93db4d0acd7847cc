#include "command_common.h"

#include "commands.h"

#include <stdlib.h>
#include <string.h>

struct check_settings
command_check_settings(const struct options *options)
{
	return (struct check_settings){
		.root = options->root,
		.build_dir = options->build_dir,
		.timeout_seconds = options->timeout_seconds,
	};
}

int
command_load_for_learner(const struct options *options, struct exercise_list *list, FILE *err)
{
	if (exercise_list_load(options->root, list, err) != 0)
		return EXIT_BROKEN_REPOSITORY;

	int broken = 0;
	for (size_t i = 0; i < list->count; i++) {
		char *defects = exercise_defects(options->root, &list->items[i], DEFECTS_FOR_LEARNER);
		if (defects != NULL) {
			fprintf(err, "exercises: %s: %s\n", list->items[i].id, defects);
			broken = 1;
		}
		free(defects);
	}
	if (broken) {
		fputs("exercises: the repository itself is broken here, not your work; "
		      "please report it.\n", err);
		exercise_list_free(list);
		return EXIT_BROKEN_REPOSITORY;
	}
	return EXIT_ALL_GOOD;
}

void
command_print_lines(FILE *out, const char *prefix, const char *text)
{
	while (*text != '\0') {
		size_t length = strcspn(text, "\n");
		fprintf(out, "%s%.*s\n", prefix, (int)length, text);
		text += length;
		if (*text == '\n')
			text++;
	}
}
