/*
 * Running one command (make, or a built test) with a time limit and its
 * output captured, so that only a failing exercise's output is shown.
 */
#ifndef EXERCISES_RUN_COMMAND_H
#define EXERCISES_RUN_COMMAND_H

enum run_end {
	RUN_EXITED,      /* code is the exit status */
	RUN_SIGNALED,    /* code is the signal that ended it (a crash, an abort) */
	RUN_TIMED_OUT,   /* killed after the time limit */
	RUN_NOT_STARTED, /* could not even be started; output says why */
};

struct run_request {
	char *const *argv;       /* argv[0] is looked up in PATH when it has no '/' */
	const char *directory;   /* where it runs; NULL: the current directory */
	double timeout_seconds;  /* 0: no limit */
};

struct run_result {
	enum run_end end;
	int code;
	char *output; /* stdout and stderr interleaved; long output keeps its end */
};

/* Runs the command and everything it starts in a process group of its own,
 * which is killed at the time limit, when the command ends (nothing it left
 * running survives it), or when this program is interrupted. */
void run_command(const struct run_request *request, struct run_result *result);

void run_result_free(struct run_result *result);

#endif
