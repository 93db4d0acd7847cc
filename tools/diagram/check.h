/* check.h — `diagram check`: are the committed diagrams what the annotations say?
 *
 * It regenerates every diagram in memory and fails, naming the file, when
 *   - DIR/NAME.dot differs from what would be generated (stale),
 *   - a declared diagram's DIR/NAME.dot is missing,
 *   - DIR holds a .dot that no annotation declares (orphan),
 *   - DIR/NAME.svg is missing,
 *   - the .svg's dot-hash is not the hash of the committed DIR/NAME.dot.
 * When all is fresh it prints one line and returns 0; otherwise 1.
 */
#ifndef DIAGRAM_CHECK_H
#define DIAGRAM_CHECK_H

#include <stddef.h>
#include <stdio.h>

int command_check(const char *diagrams_dir, const char *const *chapter_dirs, size_t count, FILE *out,
                  FILE *err);

#endif
