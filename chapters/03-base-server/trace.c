/* trace.c — see trace.h. */
#include "trace.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static atomic_int enabled = -1; /* -1: not read from the environment yet */
static atomic_int threads_seen;
static _Thread_local int thread_number;
static _Thread_local int depth;

int
ss_trace_enabled(void)
{
	int state = atomic_load_explicit(&enabled, memory_order_relaxed);

	if (state < 0) { /* first call: read SS_TRACE (racing threads agree) */
		const char *value = getenv("SS_TRACE");
		state = value != NULL && value[0] != '\0' && strcmp(value, "0") != 0;
		atomic_store_explicit(&enabled, state, memory_order_relaxed);
	}
	return state;
}

int
ss__trace_enter(const char *class_name, const char *method_name)
{
	char line[256];
	int length;

	if (thread_number == 0)
		thread_number = atomic_fetch_add(&threads_seen, 1) + 1;
	length = snprintf(line, sizeof line, "ss-trace pid=%ld tid=%d depth=%d %*s%s.%s\n",
	                  (long)getpid(), thread_number, depth, 2 * depth, "", class_name,
	                  method_name);
	if (length > (int)sizeof line - 1)
		length = (int)sizeof line - 1;
	/* One write() per line: lines of concurrent threads and processes never
	 * interleave mid-line (a pipe write up to PIPE_BUF bytes is atomic). */
	if (write(STDERR_FILENO, line, (size_t)length) < 0) {
		/* nothing sensible to do: tracing must never change the server's behaviour */
	}
	depth++;
	return 1;
}

void
ss__trace_leave(int *entered)
{
	if (*entered)
		depth--;
}
