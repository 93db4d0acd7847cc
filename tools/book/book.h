/* book.h — the tool's two commands, as functions the tests can call.
 *
 *   refresh: rewrite every excerpt body from its source; the book file is
 *            replaced only if some body changed, and only if every excerpt
 *            could be refreshed.
 *   check:   report every way the book and the sources disagree, in both
 *            directions: an excerpt that is stale or names nothing, and a
 *            region under chapters/ that no excerpt uses.
 *
 * Paths in the book are relative to the current directory (the repository
 * root, where `make` runs the tool).
 */
#ifndef BOOK_BOOK_H
#define BOOK_BOOK_H

#include "problems.h"

#include <stdbool.h>

/* Every region defined under this directory must be used by the book. */
#define BOOK_SOURCES_DIR "chapters"

typedef struct book_report {
	problem_list problems; /* sorted: the book's lines first, then the sources' */
	size_t excerpts;       /* well-formed excerpts in the book */
	size_t stale;          /* excerpts whose body differs from the source */
	size_t sources;        /* check: C files under BOOK_SOURCES_DIR */
	size_t regions;        /* check: regions defined in them */
	bool rewritten;        /* refresh: the book file was replaced */
	char *error;           /* the command could not run at all: why */
} book_report;

void book_report_init(book_report *report);
void book_report_free(book_report *report);

/* Each returns 0 when it ran (report->problems may still be non-empty), or
 * -1 when it could not (report->error says why: the book cannot be read, a
 * file cannot be written). */
int book_refresh(const char *book_path, book_report *report);

/* out_path, if not NULL, receives the refreshed book, even when there are
 * problems (an excerpt that cannot be refreshed is copied as it is). */
int book_check(const char *book_path, const char *out_path, book_report *report);

#endif
