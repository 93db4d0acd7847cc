/* cli.h — the command line of `diagram` (main.c only calls this, so the tests can). */
#ifndef DIAGRAM_CLI_H
#define DIAGRAM_CLI_H

#include <stdio.h>

enum { EXIT_FRESH = 0, EXIT_PROBLEMS = 1, EXIT_USAGE = 2 };

/* Runs the command in argv; returns the exit status. */
int diagram_cli(int argc, char **argv, FILE *out, FILE *err);

#endif
