/* cli.h — the command line of `book`, apart from main() so tests can run it. */
#ifndef BOOK_CLI_H
#define BOOK_CLI_H

#include <stdio.h>

/* Exit statuses. */
enum {
	BOOK_EXIT_OK = 0,       /* fresh, or refreshed */
	BOOK_EXIT_PROBLEMS = 1, /* problems, one line each on err */
	BOOK_EXIT_ERROR = 2,    /* bad usage, or a file that cannot be read or written */
};

/*   book refresh BOOK.md
 *   book check BOOK.md [--out FILE]
 * Summaries go to out; problems and errors to err. Returns the exit status. */
int book_main(int argc, char **argv, FILE *out, FILE *err);

#endif
