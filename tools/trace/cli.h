/* cli.h — the command line of `trace` (main.c only calls this, so the tests can). */
#ifndef TRACE_CLI_H
#define TRACE_CLI_H

#include <stdio.h>

enum { EXIT_AGREE = 0, EXIT_DISAGREE = 1, EXIT_USAGE = 2 };

/* Runs the command in argv, reading stdin when render has no FILE; returns the exit status. */
int trace_cli(int argc, char **argv, FILE *in, FILE *out, FILE *err);

#endif
