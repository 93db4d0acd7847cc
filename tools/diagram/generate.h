/* generate.h — every diagram the chapters declare, as .dot text, and the
 * `diagram generate` command that writes them. */
#ifndef DIAGRAM_GENERATE_H
#define DIAGRAM_GENERATE_H

#include <stddef.h>
#include <stdio.h>

#include "annotations.h"
#include "arena.h"
#include "codebase.h"
#include "problems.h"

struct generated_diagram {
	const struct diagram_declaration *declaration;
	const char *dot; /* what NAME.dot must hold */
};

/* Appends every declared diagram to out (struct generated_diagram *), in
 * codebase order; a diagram of chapter N sees chapters 1..N only. Returns -1
 * when a problem (reported) prevents one, or two declare the same NAME. */
int generate_diagrams(struct arena *arena, const struct codebase *codebase, struct pointer_list *out,
                      struct problems *problems);

/* Reads the chapters and generates their diagrams; -1 on any problem. Both
 * `generate` and `check` start here. */
int load_and_generate(struct arena *arena, const char *const *chapter_dirs, size_t count,
                      struct pointer_list *out, struct problems *problems);

/* diagram generate --out DIR CHAPTER_DIR...: writes DIR/NAME.dot for each
 * declared diagram whose file is missing or different. Exit status 0 or 1. */
int command_generate(const char *out_dir, const char *const *chapter_dirs, size_t count, FILE *out,
                     FILE *err);

#endif
