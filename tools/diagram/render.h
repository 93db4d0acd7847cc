/* render.h — `diagram render [--force] DOTFILE...`: x.dot -> x.svg.
 *
 * Runs graphviz (`dot -Tsvg x.dot`, dot from PATH) and writes x.svg beside
 * x.dot with the dot-hash comment (see dot_hash.h) after its first line. An
 * x.svg that already carries the hash of x.dot is kept as it is, unless
 * --force: re-rendering an unchanged diagram with another graphviz version
 * would only churn the committed file.
 */
#ifndef DIAGRAM_RENDER_H
#define DIAGRAM_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "arena.h"

/* The SVG text with the dot-hash comment for dot_text inserted after its first line. */
const char *svg_with_hash(struct arena *arena, const char *svg, const char *dot_text, size_t dot_length);

/* Renders one file: 0, or -1 after reporting the problem on err. */
int render_dot_file(struct arena *arena, const char *dot_path, bool force, FILE *out, FILE *err);

/* Exit status 0 when every file rendered, 1 otherwise. */
int command_render(const char *const *dot_paths, size_t count, bool force, FILE *out, FILE *err);

#endif
