/* walk.h — every C source file under a directory.
 *
 * The check that every region is used must know every region, so it walks
 * the chapters itself rather than trusting a list someone keeps by hand.
 */
#ifndef BOOK_WALK_H
#define BOOK_WALK_H

#include "lines.h"

/* Append to paths "dir/.../name" for every *.c and *.h file under dir, at any
 * depth, sorted. Hidden entries and symbolic links are skipped. Returns 0, or
 * -1 with errno if a directory cannot be read. */
int walk_sources(const char *dir, lines *paths);

#endif
