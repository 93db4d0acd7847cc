#include "run_command.h"

#include "text.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* How much of a long output is kept: its end, where the failure usually is. */
#define OUTPUT_LIMIT (64 * 1024)

static const int forwarded_signals[] = { SIGINT, SIGTERM, SIGHUP };
#define FORWARDED_COUNT (sizeof forwarded_signals / sizeof forwarded_signals[0])

static volatile sig_atomic_t interrupted_by;

static void
note_interrupt(int signal_number)
{
	interrupted_by = signal_number;
}

/*
 * The command runs in its own process group, so Ctrl-C on the terminal reaches
 * only us: we note it, end the command's group, and then die of it ourselves.
 * A signal we were started with ignored (as in a background job) stays ignored.
 */
static void
catch_interrupts(struct sigaction saved[FORWARDED_COUNT])
{
	struct sigaction action = { .sa_handler = note_interrupt };
	sigemptyset(&action.sa_mask);
	interrupted_by = 0;
	for (size_t i = 0; i < FORWARDED_COUNT; i++) {
		sigaction(forwarded_signals[i], &action, &saved[i]);
		if (saved[i].sa_handler == SIG_IGN)
			sigaction(forwarded_signals[i], &saved[i], NULL);
	}
}

static void
restore_interrupts(const struct sigaction saved[FORWARDED_COUNT])
{
	for (size_t i = 0; i < FORWARDED_COUNT; i++)
		sigaction(forwarded_signals[i], &saved[i], NULL);
}

static double
now_seconds(void)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

static _Noreturn void
run_child(const struct run_request *request, int output_fd)
{
	setpgid(0, 0);
	/* Only 0, 1 and 2 are left open: the repository's tests count descriptors. */
	int no_input = open("/dev/null", O_RDONLY);
	if (no_input > STDIN_FILENO) {
		dup2(no_input, STDIN_FILENO);
		close(no_input);
	}
	dup2(output_fd, STDOUT_FILENO);
	dup2(output_fd, STDERR_FILENO);
	if (output_fd > STDERR_FILENO)
		close(output_fd);
	if (request->directory != NULL && chdir(request->directory) != 0) {
		dprintf(STDERR_FILENO, "cannot enter %s: %s\n", request->directory, strerror(errno));
		_exit(127);
	}
	execvp(request->argv[0], request->argv);
	dprintf(STDERR_FILENO, "cannot run %s: %s\n", request->argv[0], strerror(errno));
	_exit(127);
}

/* True once the child has ended; it is left unreaped (a zombie) so that its
 * pid, which names its process group, cannot be reused before we kill it. */
static bool
has_ended(pid_t child)
{
	siginfo_t info = { 0 };
	if (waitid(P_PID, (id_t)child, &info, WEXITED | WNOHANG | WNOWAIT) != 0)
		return errno != EINTR;
	return info.si_pid == child;
}

/* Waits for the child or its deadline; kills the whole group either way. Returns true on time out. */
static bool
wait_with_deadline(pid_t child, double timeout_seconds, int *status)
{
	double deadline = now_seconds() + timeout_seconds;
	bool timed_out = false;
	while (!has_ended(child)) {
		if (interrupted_by != 0)
			break;
		if (timeout_seconds > 0 && now_seconds() >= deadline) {
			timed_out = true;
			break;
		}
		nanosleep(&(struct timespec){ .tv_nsec = 10 * 1000 * 1000 }, NULL);
	}
	kill(-child, SIGKILL);
	while (waitpid(child, status, 0) < 0 && errno == EINTR)
		continue;
	return timed_out;
}

/* The captured output, or its last OUTPUT_LIMIT bytes with a note of the cut. */
static char *
read_captured(FILE *capture)
{
	struct stat info;
	int fd = fileno(capture);
	off_t size = fstat(fd, &info) == 0 ? info.st_size : 0;
	off_t start = size > OUTPUT_LIMIT ? size - OUTPUT_LIMIT : 0;

	char *note = start > 0 ? text_format("[... %lld bytes of earlier output cut ...]\n",
	                                     (long long)start)
	                       : text_format("%s", "");
	size_t note_length = strlen(note);
	char *output = malloc(note_length + (size_t)(size - start) + 1);
	if (output == NULL) {
		fputs("exercises: out of memory\n", stderr);
		abort();
	}
	memcpy(output, note, note_length);
	free(note);

	ssize_t got = pread(fd, output + note_length, (size_t)(size - start), start);
	output[note_length + (got > 0 ? (size_t)got : 0)] = '\0';
	return output;
}

void
run_command(const struct run_request *request, struct run_result *result)
{
	*result = (struct run_result){ .end = RUN_NOT_STARTED };
	FILE *capture = tmpfile();
	if (capture == NULL) {
		result->output = text_format("cannot create a file for the output: %s\n", strerror(errno));
		return;
	}

	struct sigaction saved[FORWARDED_COUNT];
	catch_interrupts(saved);
	fflush(NULL); /* or the child would inherit, and write out, our pending output */
	pid_t child = fork();
	if (child == 0)
		run_child(request, fileno(capture));
	if (child < 0) {
		restore_interrupts(saved);
		result->output = text_format("cannot start %s: %s\n", request->argv[0], strerror(errno));
		fclose(capture);
		return;
	}
	setpgid(child, child); /* also here: the child may not have run yet */

	int status = 0;
	bool timed_out = wait_with_deadline(child, request->timeout_seconds, &status);
	restore_interrupts(saved);
	if (interrupted_by != 0) {
		fclose(capture);
		raise(interrupted_by); /* with the handler we found: normally the end of us */
		result->output = text_format("interrupted\n");
		return;
	}

	result->output = read_captured(capture);
	fclose(capture);
	if (timed_out) {
		result->end = RUN_TIMED_OUT;
	} else if (WIFEXITED(status)) {
		result->end = RUN_EXITED;
		result->code = WEXITSTATUS(status);
	} else {
		result->end = RUN_SIGNALED;
		result->code = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	}
}

void
run_result_free(struct run_result *result)
{
	free(result->output);
	result->output = NULL;
}
