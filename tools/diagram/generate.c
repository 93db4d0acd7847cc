#include "generate.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "call_flow.h"
#include "dot_output.h"
#include "files.h"
#include "model.h"

/* Diagrams declared in the same program, or in the library sources of the
 * same chapter, see the same sources: they share one model. */
struct shared_model {
	struct model model;
	int status;
};

static const struct shared_model *
model_seen_from(struct arena *arena, const struct codebase *codebase, struct pointer_list *models,
                const struct source_file *file, struct problems *problems)
{
	const struct source_file *program = file->is_program ? file : NULL;
	for (size_t i = 0; i < models->count; i++) {
		const struct shared_model *known = models->items[i];
		if (known->model.chapter == file->chapter && known->model.program == program)
			return known;
	}
	struct shared_model *built = arena_alloc(arena, sizeof *built);
	built->status = model_build(arena, &built->model, codebase, file->chapter, program, problems);
	list_push(arena, models, built);
	return built;
}

static const struct diagram_declaration *
declared_before(const struct pointer_list *generated, const char *name)
{
	for (size_t i = 0; i < generated->count; i++) {
		const struct generated_diagram *diagram = generated->items[i];
		if (strcmp(diagram->declaration->name, name) == 0)
			return diagram->declaration;
	}
	return NULL;
}

static const char *
dot_text(struct arena *arena, const struct model *model, const struct diagram_declaration *declaration,
         struct problems *problems)
{
	if (declaration->kind == DIAGRAM_CLASSES)
		return dot_classes(arena, declaration, model);
	struct call_flow flow;
	if (call_flow_build(arena, model, declaration, &flow, problems) != 0)
		return NULL;
	return dot_call_flow(arena, declaration, &flow);
}

int
generate_diagrams(struct arena *arena, const struct codebase *codebase, struct pointer_list *out,
                  struct problems *problems)
{
	struct pointer_list models = {0};
	int status = 0;

	for (size_t i = 0; i < codebase->files.count; i++) {
		const struct parsed_file *file = codebase->files.items[i];
		for (size_t j = 0; j < file->annotations.diagrams.count; j++) {
			const struct diagram_declaration *declaration = file->annotations.diagrams.items[j];
			const struct diagram_declaration *twin = declared_before(out, declaration->name);
			if (twin != NULL) {
				problem_at(problems, declaration->file->path, declaration->line,
				           "diagram %s is already declared at %s:%d", declaration->name,
				           twin->file->path, twin->line);
				status = -1;
				continue;
			}
			const struct shared_model *model =
				model_seen_from(arena, codebase, &models, file->source, problems);
			const char *dot = model->status == 0
				? dot_text(arena, &model->model, declaration, problems)
				: NULL;
			if (dot == NULL) {
				status = -1;
				continue;
			}
			struct generated_diagram *generated = arena_alloc(arena, sizeof *generated);
			*generated = (struct generated_diagram){.declaration = declaration, .dot = dot};
			list_push(arena, out, generated);
		}
	}
	return status;
}

int
load_and_generate(struct arena *arena, const char *const *chapter_dirs, size_t count,
                  struct pointer_list *out, struct problems *problems)
{
	struct codebase codebase = {0};
	int loaded = codebase_load(arena, &codebase, chapter_dirs, count, problems);
	int generated = generate_diagrams(arena, &codebase, out, problems);
	/* a problem while parsing leaves out what it concerns: the diagrams could be wrong */
	return loaded == 0 && generated == 0 && problems->count == 0 ? 0 : -1;
}

int
command_generate(const char *out_dir, const char *const *chapter_dirs, size_t count, FILE *out,
                 FILE *err)
{
	struct arena arena;
	struct problems problems;
	struct pointer_list diagrams = {0};
	size_t written = 0;
	int status = 0;

	arena_init(&arena);
	problems_init(&problems, err);
	if (load_and_generate(&arena, chapter_dirs, count, &diagrams, &problems) != 0) {
		fprintf(err, "diagram generate: nothing written: fix the problems above\n");
		status = 1;
		goto done;
	}
	if (mkdir(out_dir, 0777) != 0 && errno != EEXIST) {
		fprintf(err, "diagram generate: cannot create %s: %s\n", out_dir, strerror(errno));
		status = 1;
		goto done;
	}
	for (size_t i = 0; i < diagrams.count; i++) {
		const struct generated_diagram *diagram = diagrams.items[i];
		const char *name = arena_printf(&arena, "%s.dot", diagram->declaration->name);
		const char *path = path_join(&arena, out_dir, name);
		size_t length, dot_length = strlen(diagram->dot);
		const char *existing = file_read(&arena, path, &length);
		if (existing != NULL && length == dot_length && memcmp(existing, diagram->dot, length) == 0)
			continue; /* unchanged: keep the file's time, make has nothing to redo */
		if (file_write(path, diagram->dot, dot_length) != 0) {
			fprintf(err, "diagram generate: cannot write %s: %s\n", path, strerror(errno));
			status = 1;
			continue;
		}
		fprintf(out, "wrote %s\n", path);
		written++;
	}
	fprintf(out, "diagram generate: %zu diagram%s in %s, %zu rewritten\n", diagrams.count,
	        diagrams.count == 1 ? "" : "s", out_dir, written);
done:
	problems_release(&problems);
	arena_release(&arena);
	return status;
}
