/* support.c — see support.h. Plain POSIX; uses none of the chapters' code,
 * so a chapter's tests never lean on the code they test. */
#include "support.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SS_BIN_DIR
#define SS_BIN_DIR "build/normal/bin"
#endif

void
support_watchdog(unsigned seconds)
{
	signal(SIGALRM, SIG_DFL);
	alarm(seconds);
}

int
support_fd_count(void)
{
	DIR *dir = opendir("/proc/self/fd");
	int count = 0;

	if (dir == NULL)
		return -1;
	while (readdir(dir) != NULL)
		count++;
	closedir(dir);
	return count - 3; /* ".", ".." and the fd of the listing itself */
}

static long long
now_ms(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

int
support_wait_readable(int fd, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;

	for (;;) {
		struct pollfd watch = {.fd = fd, .events = POLLIN};
		long long left = deadline - now_ms();
		int ready = poll(&watch, 1, left < 0 ? 0 : (int)left);

		if (ready >= 0)
			return ready > 0 ? 1 : 0;
		if (errno != EINTR)
			return -1;
	}
}

ssize_t
support_read_line(int fd, char *line, size_t size, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	size_t length = 0;

	/* One byte at a time: slow, but it never reads past the line, so the
	 * next call finds the next line where it belongs. */
	while (length + 1 < size) {
		char c;
		long long left = deadline - now_ms();
		ssize_t n;

		if (left < 0 || support_wait_readable(fd, (int)left) != 1)
			return -1;
		n = read(fd, &c, 1);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		if (c == '\n')
			break;
		line[length++] = c;
	}
	line[length] = '\0';
	return (ssize_t)length;
}

int
support_wait_for_line(int fd, const char *text, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	char line[1024];

	for (;;) {
		long long left = deadline - now_ms();
		if (left < 0 || support_read_line(fd, line, sizeof line, (int)left) < 0)
			return -1;
		if (strstr(line, text) != NULL)
			return 0;
	}
}

/* Close the fds of pipes[] that are open (not -1). */
static void
close_pipes(int pipes[][2], size_t count)
{
	for (size_t i = 0; i < count; i++)
		for (size_t end = 0; end < 2; end++)
			if (pipes[i][end] != -1)
				close(pipes[i][end]);
}

/* support_start and support_start_with_stdin: the program's stdout and
 * stderr are pipes the test reads; with_stdin, its stdin one the test writes. */
static int
start_process(support_process *process, const char *program, const char *const args[],
              bool expect_listening, bool with_stdin)
{
	enum { IN, OUT, ERR };
	int pipes[3][2] = {{-1, -1}, {-1, -1}, {-1, -1}};
	const char *argv[32];
	char path[PATH_MAX];
	size_t n = 0;

	memset(process, 0, sizeof *process);
	process->stdin_fd = -1;
	snprintf(path, sizeof path, "%s/%s", SS_BIN_DIR, program);
	argv[n++] = path;
	for (size_t i = 0; args != NULL && args[i] != NULL && n < 31; i++)
		argv[n++] = args[i];
	argv[n] = NULL;

	for (int i = with_stdin ? IN : OUT; i <= ERR; i++) {
		if (pipe(pipes[i]) == -1) {
			close_pipes(pipes, 3);
			return -1;
		}
	}
	fflush(NULL);
	process->pid = fork();
	if (process->pid == 0) {
		/* If the test dies (its watchdog), its servers die with it. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (with_stdin)
			dup2(pipes[IN][0], STDIN_FILENO);
		dup2(pipes[OUT][1], STDOUT_FILENO);
		dup2(pipes[ERR][1], STDERR_FILENO);
		close_pipes(pipes, 3);
		execv(path, (char *const *)argv);
		perror(path);
		_exit(127);
	}
	/* The test keeps its own ends, closed on exec: a program started later
	 * must not hold this one's pipes open. */
	if (with_stdin) {
		close(pipes[IN][0]);
		fcntl(pipes[IN][1], F_SETFD, FD_CLOEXEC);
		process->stdin_fd = pipes[IN][1];
	}
	close(pipes[OUT][1]);
	close(pipes[ERR][1]);
	fcntl(pipes[OUT][0], F_SETFD, FD_CLOEXEC);
	fcntl(pipes[ERR][0], F_SETFD, FD_CLOEXEC);
	process->stdout_fd = pipes[OUT][0];
	process->stderr_fd = pipes[ERR][0];
	if (process->pid == -1) {
		support_close_stdin(process);
		close(process->stdout_fd);
		close(process->stderr_fd);
		return -1;
	}
	if (expect_listening) {
		const char prefix[] = "listening on ";
		char line[sizeof prefix + sizeof process->address];

		if (support_read_line(process->stdout_fd, line, sizeof line, SUPPORT_WAIT_MS) < 0 ||
		    strncmp(line, prefix, sizeof prefix - 1) != 0)
			return -1;
		memcpy(process->address, line + sizeof prefix - 1,
		       strlen(line + sizeof prefix - 1) + 1); /* fits: line is sized for it */
	}
	return 0;
}

int
support_start(support_process *process, const char *program, const char *const args[],
              bool expect_listening)
{
	return start_process(process, program, args, expect_listening, false);
}

int
support_start_with_stdin(support_process *process, const char *program,
                         const char *const args[], bool expect_listening)
{
	return start_process(process, program, args, expect_listening, true);
}

void
support_close_stdin(support_process *process)
{
	if (process->stdin_fd != -1)
		close(process->stdin_fd);
	process->stdin_fd = -1;
}

bool
support_output_ended(const support_process *process, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	char scratch[4096];

	for (;;) {
		long long left = deadline - now_ms();
		if (left < 0 || support_wait_readable(process->stdout_fd, (int)left) != 1)
			return false;
		ssize_t got = read(process->stdout_fd, scratch, sizeof scratch);
		if (got == 0)
			return true;
		if (got == -1 && errno != EINTR)
			return false;
	}
}

int
support_stop(support_process *process, int signal_number)
{
	int status;

	if (process->pid <= 0)
		return -1;
	if (signal_number != 0)
		kill(process->pid, signal_number);
	support_close_stdin(process);
	while (waitpid(process->pid, &status, 0) == -1) {
		if (errno != EINTR)
			return -1;
	}
	process->pid = 0;
	close(process->stdout_fd);
	close(process->stderr_fd);
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

int
support_run_to_exit(const char *program, const char *const args[], bool from_stdout, char *text,
                    size_t size)
{
	support_process process;

	if (support_start(&process, program, args, false) != 0)
		return -1;
	if (support_read_line(from_stdout ? process.stdout_fd : process.stderr_fd, text, size,
	                      SUPPORT_WAIT_MS) < 0)
		text[0] = '\0';
	return support_stop(&process, 0);
}

int
support_connect(const char *address)
{
	char host[256];
	const char *colon = strrchr(address, ':');
	const char *host_start = address;
	size_t host_length;
	struct addrinfo hints, *found;
	int fd;

	if (colon == NULL)
		return -1;
	host_length = (size_t)(colon - address);
	if (address[0] == '[') { /* [v6]:port */
		host_start++;
		host_length -= 2;
	}
	if (host_length >= sizeof host)
		return -1;
	memcpy(host, host_start, host_length);
	host[host_length] = '\0';

	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	if (getaddrinfo(host, colon + 1, &hints, &found) != 0)
		return -1;
	fd = socket(found->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd != -1 && connect(fd, found->ai_addr, found->ai_addrlen) == -1) {
		close(fd);
		fd = -1;
	}
	freeaddrinfo(found);
	return fd;
}

int
support_connect_unix(const char *path, int type)
{
	struct sockaddr_un address = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);

	if (fd == -1)
		return -1;
	snprintf(address.sun_path, sizeof address.sun_path, "%s", path);
	if (connect(fd, (struct sockaddr *)&address, sizeof address) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

int
support_send_all(int fd, const void *data, size_t size)
{
	const char *next = data;

	while (size > 0) {
		ssize_t sent = send(fd, next, size, MSG_NOSIGNAL);
		if (sent == -1 && errno == EINTR)
			continue;
		if (sent == -1)
			return -1;
		next += sent;
		size -= (size_t)sent;
	}
	return 0;
}

int
support_recv_exact(int fd, void *buffer, size_t size, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	char *next = buffer;

	while (size > 0) {
		long long left = deadline - now_ms();
		ssize_t got;

		if (left < 0 || support_wait_readable(fd, (int)left) != 1)
			return -1;
		got = recv(fd, next, size, 0);
		if (got == -1 && errno == EINTR)
			continue;
		if (got <= 0)
			return -1;
		next += got;
		size -= (size_t)got;
	}
	return 0;
}

bool
support_peer_closed(int fd, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	char scratch[4096];

	for (;;) {
		long long left = deadline - now_ms();
		ssize_t got;

		if (left < 0 || support_wait_readable(fd, (int)left) != 1)
			return false;
		got = recv(fd, scratch, sizeof scratch, 0);
		if (got == 0 || (got == -1 && errno != EINTR && errno != EAGAIN))
			return true;
	}
}

void
support_close_with_reset(int fd)
{
	struct linger linger = {.l_onoff = 1, .l_linger = 0};

	setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
	close(fd);
}

const char *
support_temp_dir(void)
{
	static char path[PATH_MAX];
	const char *base = getenv("TMPDIR");

	snprintf(path, sizeof path, "%s/ss-test-XXXXXX", base && base[0] ? base : "/tmp");
	return mkdtemp(path);
}

void
support_remove_temp_dir(const char *path)
{
	DIR *dir = opendir(path);
	struct dirent *entry;
	char file[PATH_MAX];

	if (dir == NULL)
		return;
	while ((entry = readdir(dir)) != NULL) {
		if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
			continue;
		snprintf(file, sizeof file, "%s/%s", path, entry->d_name);
		unlink(file);
	}
	closedir(dir);
	rmdir(path);
}
