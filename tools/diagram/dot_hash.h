/* dot_hash.h — which .dot an .svg was rendered from.
 *
 * graphviz's SVG differs between versions, so `diagram check` cannot compare
 * SVGs. Instead `diagram render` writes, right after the SVG's first line,
 *
 *     <!-- dot-hash: fnv1a64:0123456789abcdef -->
 *
 * the FNV-1a 64-bit hash of the .dot file's bytes, and the check compares that
 * with the hash of the committed .dot. FNV-1a is no cryptographic hash: it only
 * tells versions of a file apart, which is all this needs.
 */
#ifndef DIAGRAM_DOT_HASH_H
#define DIAGRAM_DOT_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

uint64_t fnv1a64(const void *bytes, size_t length);

/* "<!-- dot-hash: fnv1a64:%016llx -->" for hash, into a buffer of at least 48 bytes. */
void dot_hash_comment(uint64_t hash, char *out, size_t size);

/* Finds the dot-hash comment in svg; false when there is none. */
bool svg_dot_hash(const char *svg, uint64_t *hash);

#endif
