/* exercises list: every exercise and whether it is done, without stopping. */
#include "command_common.h"
#include "commands.h"

#include <stdlib.h>

int
command_list(const struct options *options, FILE *out, FILE *err)
{
	struct exercise_list list;
	int status = command_load_for_learner(options, &list, err);
	if (status != EXIT_ALL_GOOD)
		return status;

	struct check_settings settings = command_check_settings(options);
	size_t done = 0;
	for (size_t i = 0; i < list.count; i++) {
		struct check_result result;
		check_exercise(&settings, &list.items[i], WITH_LEARNER_FILE, &result);
		if (result.outcome == CHECK_PASSES) {
			done++;
			fprintf(out, "done     %s\n", list.items[i].id);
		} else {
			char *reason = check_outcome_text(&settings, result.outcome);
			fprintf(out, "not yet  %s (%s)\n", list.items[i].id, reason);
			free(reason);
		}
		check_result_free(&result);
		fflush(out);
	}
	fprintf(out, "%zu/%zu done\n", done, list.count);
	exercise_list_free(&list);
	return EXIT_ALL_GOOD;
}
