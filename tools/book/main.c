/* main.c — `book`: keep the book's code excerpts equal to the code.
 * Run from the repository root; see cli.h for the command line. */
#include "cli.h"

int
main(int argc, char **argv)
{
	return book_main(argc, argv, stdout, stderr);
}
