/* book.c — refresh and check; see book.h. */
#include "book.h"

#include "excerpts.h"
#include "lines.h"
#include "sources.h"
#include "str.h"
#include "walk.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Everything one command reads, and the refreshed book it builds. */
typedef struct book {
	const char *path;
	lines text;
	excerpt_list excerpts;
	source_cache sources;
	lines refreshed;
} book;

void
book_report_init(book_report *report)
{
	memset(report, 0, sizeof *report);
	problems_init(&report->problems);
}

void
book_report_free(book_report *report)
{
	problems_free(&report->problems);
	free(report->error);
	book_report_init(report);
}

static int
book_load(book *b, const char *path, book_report *report)
{
	memset(b, 0, sizeof *b);
	b->path = path;
	sources_init(&b->sources);
	lines_init(&b->refreshed);
	if (lines_read(path, &b->text) == -1) {
		report->error = str_format("cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	excerpts_parse(&b->text, path, &b->excerpts, &report->problems);
	report->excerpts = b->excerpts.count;
	return 0;
}

static void
book_free(book *b)
{
	lines_free(&b->text);
	excerpts_free(&b->excerpts);
	sources_free(&b->sources);
	lines_free(&b->refreshed);
}

/* The body the source gives for excerpt e, or false with the reason added to
 * the problems at e's line. The first excerpt to read a source also carries
 * that source's marker defects: they break what the book can quote. */
static bool
excerpt_body(book *b, const excerpt *e, lines *body, book_report *report)
{
	source *file = sources_load(&b->sources, e->path);
	char *error;

	lines_init(body);
	if (file == NULL) {
		problems_add(&report->problems, b->path, e->line, "cannot read %s: %s", e->path,
		             strerror(errno));
		return false;
	}
	if (!file->read_by_book) {
		file->read_by_book = true;
		problems_add_at(&report->problems, &file->defects, b->path, e->line);
	}
	if (!source_excerpt(file, e->name, body, &error)) {
		problems_add(&report->problems, b->path, e->line, "%s", error);
		free(error);
		return false;
	}
	return true;
}

/* Build b->refreshed: the book with every body that can be refreshed
 * replaced by its source's, the rest of the text as it was. */
static void
refresh_excerpts(book *b, bool stale_is_a_problem, book_report *report)
{
	size_t copied = 0;

	b->refreshed.final_newline = b->text.final_newline;
	for (size_t i = 0; i < b->excerpts.count; i++) {
		const excerpt *e = &b->excerpts.items[i];
		lines body;

		lines_push_range(&b->refreshed, &b->text, copied, e->body_begin);
		if (excerpt_body(b, e, &body, report)) {
			size_t difference = lines_compare_range(&b->text, e->body_begin, e->body_end, &body);

			if (difference != LINES_NONE) {
				report->stale++;
				if (stale_is_a_problem)
					problems_add(&report->problems, b->path, e->line,
					             "excerpt %s#%s is stale (first difference at line %zu); "
					             "run `make book`",
					             e->path, e->name, e->body_begin + difference + 1);
			}
			lines_push_range(&b->refreshed, &body, 0, body.count);
		} else {
			lines_push_range(&b->refreshed, &b->text, e->body_begin, e->body_end);
		}
		lines_free(&body);
		copied = e->body_end;
	}
	lines_push_range(&b->refreshed, &b->text, copied, b->text.count);
}

/* The other direction: every source under BOOK_SOURCES_DIR, its marker
 * defects (unless an excerpt reading it reported them) and its regions no
 * excerpt used, each at its own line. */
static void
check_sources(book *b, book_report *report)
{
	lines paths;

	lines_init(&paths);
	if (walk_sources(BOOK_SOURCES_DIR, &paths) == -1)
		problems_add(&report->problems, BOOK_SOURCES_DIR, 0, "cannot read: %s", strerror(errno));
	for (size_t i = 0; i < paths.count; i++) {
		source *file = sources_load(&b->sources, paths.items[i]);

		if (file == NULL) {
			problems_add(&report->problems, paths.items[i], 0, "cannot read: %s", strerror(errno));
			continue;
		}
		report->sources++;
		report->regions += file->regions.count;
		for (size_t d = 0; !file->read_by_book && d < file->defects.count; d++) {
			const problem *defect = &file->defects.items[d];

			problems_add(&report->problems, defect->file, defect->line, "%s", defect->message);
		}
		for (size_t r = 0; r < file->regions.count; r++)
			if (!file->region_used[r])
				problems_add(&report->problems, file->path, file->regions.items[r].start + 1,
				             "region '%s' is used by no excerpt in %s",
				             file->regions.items[r].name, b->path);
	}
	lines_free(&paths);
}

static int
write_book(const lines *text, const char *path, book_report *report)
{
	if (lines_write_atomic(text, path) == -1) {
		report->error = str_format("cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int
book_refresh(const char *book_path, book_report *report)
{
	book b;
	int status = 0;

	if (book_load(&b, book_path, report) == -1) {
		book_free(&b);
		return -1;
	}
	refresh_excerpts(&b, false, report);
	/* All or nothing: a book half refreshed would hide what is still wrong. */
	if (report->problems.count == 0 && report->stale > 0) {
		status = write_book(&b.refreshed, book_path, report);
		report->rewritten = status == 0;
	}
	problems_sort(&report->problems, book_path);
	book_free(&b);
	return status;
}

int
book_check(const char *book_path, const char *out_path, book_report *report)
{
	book b;
	int status = 0;

	if (book_load(&b, book_path, report) == -1) {
		book_free(&b);
		return -1;
	}
	refresh_excerpts(&b, true, report);
	check_sources(&b, report);
	if (out_path != NULL)
		status = write_book(&b.refreshed, out_path, report);
	problems_sort(&report->problems, book_path);
	book_free(&b);
	return status;
}
