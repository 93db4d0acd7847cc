/* program.h — what every server program of the book does the same way.
 *
 * The conventions (README.md, "Program conventions"): `--listen ADDRESS`;
 * once listening, exactly one line "listening on ADDRESS" (the real address,
 * real port for port 0) on stdout, flushed, so a reader, the tour and the
 * tests know where it is; SIGINT/SIGTERM stop it cleanly with status 0;
 * `--help`: usage on stdout, status 0; bad arguments: usage on stderr,
 * status 2; cannot listen: a message naming the address, status 1.
 */
#ifndef SS_PROGRAM_H
#define SS_PROGRAM_H

enum { SS_EXIT_OK = 0, SS_EXIT_FAILURE = 1, SS_EXIT_USAGE = 2 };

/* Print "listening on ADDRESS" for listening socket fd and flush stdout. */
int ss_announce_listening(int fd);

/* Bad arguments: print the usage text on stderr, exit with SS_EXIT_USAGE. */
_Noreturn void ss_usage_exit(const char *usage);

/* --help: print the usage text on stdout, exit with SS_EXIT_OK. */
_Noreturn void ss_help_exit(const char *usage);

#endif
