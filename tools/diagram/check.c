#include "check.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "dot_hash.h"
#include "files.h"
#include "generate.h"

/* One line of text, for quoting it in a message. */
static const char *
line_at(struct arena *arena, const char *text, size_t length, size_t start)
{
	size_t end = start;
	while (end < length && text[end] != '\n')
		end++;
	return arena_strndup(arena, text + start, end - start);
}

/* Reports where the committed .dot first differs from the generated one. */
static void
report_stale_dot(struct arena *arena, const char *path, const char *committed, size_t committed_length,
                 const char *generated, struct problems *problems)
{
	size_t generated_length = strlen(generated);
	size_t at = 0, line_start = 0;
	int line = 1;
	while (at < committed_length && at < generated_length && committed[at] == generated[at]) {
		if (committed[at] == '\n') {
			line++;
			line_start = at + 1;
		}
		at++;
	}
	problem_at(problems, path, line,
	           "stale: the annotations generate '%s' here, the file has '%s' (run make diagrams)",
	           line_at(arena, generated, generated_length, line_start),
	           line_at(arena, committed, committed_length, line_start));
}

static void
check_svg(struct arena *arena, const char *svg_path, const char *dot_path, const char *committed_dot,
          size_t dot_length, struct problems *problems)
{
	size_t length;
	const char *svg = file_read(arena, svg_path, &length);
	uint64_t rendered_from;
	if (svg == NULL)
		problem(problems, "%s: missing (run make diagrams)", svg_path);
	else if (committed_dot == NULL)
		return; /* its .dot is missing: reported already */
	else if (!svg_dot_hash(svg, &rendered_from))
		problem(problems, "%s: no dot-hash comment: render it with `diagram render %s`", svg_path,
		        dot_path);
	else if (rendered_from != fnv1a64(committed_dot, dot_length))
		problem(problems, "%s: stale: rendered from another version of %s (run make diagrams)",
		        svg_path, dot_path);
}

static void
check_diagram(struct arena *arena, const char *dir, const struct generated_diagram *diagram,
              struct problems *problems)
{
	const struct diagram_declaration *declaration = diagram->declaration;
	const char *dot_path = path_join(arena, dir, arena_printf(arena, "%s.dot", declaration->name));
	const char *svg_path = path_join(arena, dir, arena_printf(arena, "%s.svg", declaration->name));
	size_t length;
	const char *committed = file_read(arena, dot_path, &length);

	if (committed == NULL)
		problem(problems, "%s: missing: %s:%d declares it (run make diagrams)", dot_path,
		        declaration->file->path, declaration->line);
	else if (length != strlen(diagram->dot) || memcmp(committed, diagram->dot, length) != 0)
		report_stale_dot(arena, dot_path, committed, length, diagram->dot, problems);
	check_svg(arena, svg_path, dot_path, committed, length, problems);
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool
is_declared(const struct pointer_list *diagrams, const char *name)
{
	for (size_t i = 0; i < diagrams->count; i++) {
		const struct generated_diagram *diagram = diagrams->items[i];
		if (strcmp(diagram->declaration->name, name) == 0)
			return true;
	}
	return false;
}

/* A .dot in dir that no annotation declares. */
static void
check_orphans(struct arena *arena, const char *dir, const struct pointer_list *diagrams,
              struct problems *problems)
{
	DIR *stream = opendir(dir);
	if (stream == NULL)
		return;
	struct pointer_list names = {0};
	struct dirent *entry;
	while ((entry = readdir(stream)) != NULL) {
		size_t length = strlen(entry->d_name);
		if (length > 4 && strcmp(entry->d_name + length - 4, ".dot") == 0)
			list_push(arena, &names, arena_strndup(arena, entry->d_name, length - 4));
	}
	closedir(stream);
	if (names.count > 0)
		qsort(names.items, names.count, sizeof names.items[0], compare_names);
	for (size_t i = 0; i < names.count; i++)
		if (!is_declared(diagrams, names.items[i]))
			problem(problems, "%s: orphan: no @diagram or @classes annotation declares %s "
			        "(delete the file, or declare it)",
			        path_join(arena, dir, arena_printf(arena, "%s.dot", (char *)names.items[i])),
			        (char *)names.items[i]);
}

int
command_check(const char *diagrams_dir, const char *const *chapter_dirs, size_t count, FILE *out,
              FILE *err)
{
	struct arena arena;
	struct problems problems;
	struct pointer_list diagrams = {0};
	int status = 1;

	arena_init(&arena);
	problems_init(&problems, err);
	if (load_and_generate(&arena, chapter_dirs, count, &diagrams, &problems) == 0) {
		for (size_t i = 0; i < diagrams.count; i++)
			check_diagram(&arena, diagrams_dir, diagrams.items[i], &problems);
		check_orphans(&arena, diagrams_dir, &diagrams, &problems);
		if (problems.count == 0) {
			fprintf(out, "diagram check: %zu diagram%s fresh in %s\n", diagrams.count,
			        diagrams.count == 1 ? "" : "s", diagrams_dir);
			status = 0;
		}
	}
	if (status != 0)
		fprintf(err, "diagram check: %zu problem%s\n", problems.count, problems.count == 1 ? "" : "s");
	problems_release(&problems);
	arena_release(&arena);
	return status;
}
