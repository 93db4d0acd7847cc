/* cli.c — the command line of `book`; see cli.h. */
#include "cli.h"

#include "book.h"

#include <string.h>

static const char usage[] =
	"usage: book refresh BOOK.md\n"
	"       book check BOOK.md [--out FILE]\n"
	"  refresh  rewrite every excerpt body from its source (the file is left\n"
	"           untouched when nothing changes)\n"
	"  check    fail, one line per problem, unless every excerpt is fresh and\n"
	"           every region under " BOOK_SOURCES_DIR "/ is used; --out FILE also\n"
	"           writes the refreshed book to FILE\n";

static int
bad_usage(FILE *err)
{
	fputs(usage, err);
	return BOOK_EXIT_ERROR;
}

static int
run_refresh(const char *book_path, FILE *out, FILE *err)
{
	book_report report;
	int status = BOOK_EXIT_OK;

	book_report_init(&report);
	if (book_refresh(book_path, &report) == -1) {
		fprintf(err, "book: %s\n", report.error);
		status = BOOK_EXIT_ERROR;
	} else if (report.problems.count > 0) {
		problems_print(&report.problems, err);
		fprintf(err, "book: %s not rewritten: %zu problem(s) above\n", book_path,
		        report.problems.count);
		status = BOOK_EXIT_PROBLEMS;
	} else if (report.rewritten) {
		fprintf(out, "%s: refreshed %zu of %zu excerpts\n", book_path, report.stale,
		        report.excerpts);
	} else {
		fprintf(out, "%s: all %zu excerpts fresh, file untouched\n", book_path, report.excerpts);
	}
	book_report_free(&report);
	return status;
}

static int
run_check(const char *book_path, const char *out_path, FILE *out, FILE *err)
{
	book_report report;
	int status = BOOK_EXIT_OK;

	book_report_init(&report);
	if (book_check(book_path, out_path, &report) == -1) {
		problems_print(&report.problems, err);
		fprintf(err, "book: %s\n", report.error);
		status = BOOK_EXIT_ERROR;
	} else if (report.problems.count > 0) {
		problems_print(&report.problems, err);
		status = BOOK_EXIT_PROBLEMS;
	} else {
		fprintf(out, "%s: OK: excerpts %zu, all fresh; regions under %s/ %zu (in %zu files), "
		        "all used\n",
		        book_path, report.excerpts, BOOK_SOURCES_DIR, report.regions, report.sources);
	}
	book_report_free(&report);
	return status;
}

int
book_main(int argc, char **argv, FILE *out, FILE *err)
{
	const char *book_path = NULL, *out_path = NULL;

	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(usage, out);
		return BOOK_EXIT_OK;
	}
	if (argc < 3)
		return bad_usage(err);
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--out") == 0 && i + 1 < argc && out_path == NULL)
			out_path = argv[++i];
		else if (argv[i][0] != '-' && book_path == NULL)
			book_path = argv[i];
		else
			return bad_usage(err);
	}
	if (book_path == NULL)
		return bad_usage(err);
	if (strcmp(argv[1], "refresh") == 0 && out_path == NULL)
		return run_refresh(book_path, out, err);
	if (strcmp(argv[1], "check") == 0)
		return run_check(book_path, out_path, out, err);
	return bad_usage(err);
}
