/* support.h — helpers for the tests of every chapter.
 *
 * Tests synchronize on readiness — a line the server prints, a byte that
 * arrives — never on sleeps. Every wait here is bounded by a deadline, and
 * support_watchdog() bounds a whole test binary.
 */
#ifndef SS_TEST_SUPPORT_H
#define SS_TEST_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* How long any single wait may take before the test fails, in milliseconds. */
#define SUPPORT_WAIT_MS 10000

/* Kill this test process (SIGALRM) if it runs longer than seconds. */
void support_watchdog(unsigned seconds);

/* The number of open file descriptors of this process. */
int support_fd_count(void);

/* A server program started by a test, with its stdout and stderr captured. */
typedef struct support_process {
	pid_t pid;
	int stdin_fd;  /* -1: the program shares the test's stdin; else the test
	                * writes the program's input here (support_start_with_stdin) */
	int stdout_fd; /* the test reads the program's output from these */
	int stderr_fd;
	char address[256]; /* from its "listening on ADDRESS" line */
} support_process;

/* Start SS_BIN_DIR/program with args (NULL-terminated, without argv[0]).
 * When expect_listening, wait for its "listening on ADDRESS" line and record
 * the address. Returns 0, or -1 (the program exited or said nothing in time). */
int support_start(support_process *process, const char *program, const char *const args[],
                  bool expect_listening);

/* support_start, and the program's stdin a pipe too: process->stdin_fd. For
 * programs that read their input (a server's terminal, a client's lines). */
int support_start_with_stdin(support_process *process, const char *program,
                             const char *const args[], bool expect_listening);

/* The end of the program's input: close process->stdin_fd (if open). */
void support_close_stdin(support_process *process);

/* Has the program — and every child it forked, which shares its stdout —
 * ended within timeout_ms? Its stdout reaches end of file then; what it
 * still printed is read and dropped. */
bool support_output_ended(const support_process *process, int timeout_ms);

/* Send signal_number (if not 0), close the program's stdin (if a pipe) and
 * wait for the program to end. Returns its exit status, 128+N if killed by
 * signal N, -1 on error. Closes the pipes. */
int support_stop(support_process *process, int signal_number);

/* For a program expected to exit by itself (--help, bad arguments, an address
 * taken): start it, read the first line of its stdout (from_stdout) or of its
 * stderr into text ("" if none came in time), and wait for its end. Returns
 * its exit status as support_stop does; -1 if it did not start. */
int support_run_to_exit(const char *program, const char *const args[], bool from_stdout,
                        char *text, size_t size);

/* Read one line (without its newline) from fd within timeout_ms.
 * Returns its length, or -1 on EOF or time-out. */
ssize_t support_read_line(int fd, char *line, size_t size, int timeout_ms);

/* Read lines from fd until one contains text; returns 0, or -1 if none did in time. */
int support_wait_for_line(int fd, const char *text, int timeout_ms);

/* Connect a TCP client to "host:port" or "[v6]:port". Returns the fd or -1. */
int support_connect(const char *address);

/* Connect a Unix-domain client (SOCK_STREAM or SOCK_DGRAM) to path. */
int support_connect_unix(const char *path, int type);

int support_send_all(int fd, const void *data, size_t size);

/* Receive exactly size bytes within timeout_ms: 0, or -1 on EOF/error/time-out. */
int support_recv_exact(int fd, void *buffer, size_t size, int timeout_ms);

/* Wait until fd is readable: 1 readable, 0 time-out, -1 error. */
int support_wait_readable(int fd, int timeout_ms);

/* Has the peer closed the connection (EOF or reset) within timeout_ms? */
bool support_peer_closed(int fd, int timeout_ms);

/* Close with SO_LINGER 0, so the peer gets a reset (RST), not an orderly FIN. */
void support_close_with_reset(int fd);

/* Make a fresh directory under $TMPDIR (or /tmp); returns its path (static). */
const char *support_temp_dir(void);

/* Remove a directory made by support_temp_dir and the files in it. */
void support_remove_temp_dir(const char *path);

#endif
