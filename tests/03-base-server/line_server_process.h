/* line_server_process.h — start line-server with all three of its standard
 * streams on pipes (tests/support's support_start has no stdin), for the
 * tests of chapter 3. Static inline: each test file takes what it uses. */
#ifndef LINE_SERVER_PROCESS_H
#define LINE_SERVER_PROCESS_H

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support.h"

#ifndef SS_BIN_DIR
#define SS_BIN_DIR "build/normal/bin"
#endif

typedef struct line_server_process {
	pid_t pid;
	int stdin_fd;  /* the test writes lines here; -1 once closed */
	int stdout_fd; /* the answers */
	int stderr_fd; /* rejections, handle_error reports, the trace */
} line_server_process;

/* Start SS_BIN_DIR/line-server with args (NULL-terminated, without argv[0]);
 * trace: with SS_TRACE=1 in its environment. 0, or -1. */
static inline int
line_server_start(line_server_process *process, const char *const args[], bool trace)
{
	int in[2], out[2], err[2];
	const char *argv[16];
	char path[PATH_MAX];
	size_t n = 0;

	*process = (line_server_process){.pid = -1, .stdin_fd = -1, .stdout_fd = -1, .stderr_fd = -1};
	snprintf(path, sizeof path, "%s/line-server", SS_BIN_DIR);
	argv[n++] = path;
	for (size_t i = 0; args != NULL && args[i] != NULL && n < 15; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	if (pipe(in) == -1 || pipe(out) == -1 || pipe(err) == -1)
		return -1;
	fflush(NULL);
	process->pid = fork();
	if (process->pid == 0) {
		dup2(in[0], STDIN_FILENO);
		dup2(out[1], STDOUT_FILENO);
		dup2(err[1], STDERR_FILENO);
		for (int i = 0; i < 2; i++) {
			close(in[i]);
			close(out[i]);
			close(err[i]);
		}
		if (trace)
			setenv("SS_TRACE", "1", 1);
		else
			unsetenv("SS_TRACE");
		execv(path, (char *const *)argv);
		perror(path);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	close(err[1]);
	fcntl(in[1], F_SETFD, FD_CLOEXEC);
	fcntl(out[0], F_SETFD, FD_CLOEXEC);
	fcntl(err[0], F_SETFD, FD_CLOEXEC);
	process->stdin_fd = in[1];
	process->stdout_fd = out[0];
	process->stderr_fd = err[0];
	return process->pid == -1 ? -1 : 0;
}

/* Write text (lines with their newlines) to its standard input. */
static inline int
line_server_send(line_server_process *process, const char *text)
{
	size_t length = strlen(text);

	while (length > 0) {
		ssize_t written = write(process->stdin_fd, text, length);
		if (written == -1 && errno == EINTR)
			continue;
		if (written == -1)
			return -1;
		text += written;
		length -= (size_t)written;
	}
	return 0;
}

/* Close its standard input: the end of input. */
static inline void
line_server_close_input(line_server_process *process)
{
	if (process->stdin_fd != -1)
		close(process->stdin_fd);
	process->stdin_fd = -1;
}

/* Send signal_number (if not 0), wait for it to end, close the pipes. Its
 * exit status, 128+N if killed by signal N, -1 on error. A program still
 * running after SUPPORT_WAIT_MS is killed: -1 (a pidfd tells when it ends). */
static inline int
line_server_wait(line_server_process *process, int signal_number)
{
	int status;
	int pidfd = (int)syscall(SYS_pidfd_open, process->pid, 0);

	if (signal_number != 0)
		kill(process->pid, signal_number);
	if (pidfd >= 0) {
		int ended = support_wait_readable(pidfd, SUPPORT_WAIT_MS);
		close(pidfd);
		if (ended != 1) {
			kill(process->pid, SIGKILL);
			waitpid(process->pid, &status, 0);
			line_server_close_input(process);
			close(process->stdout_fd);
			close(process->stderr_fd);
			return -1;
		}
	}
	while (waitpid(process->pid, &status, 0) == -1) {
		if (errno != EINTR)
			return -1;
	}
	line_server_close_input(process);
	close(process->stdout_fd);
	close(process->stderr_fd);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

#endif
