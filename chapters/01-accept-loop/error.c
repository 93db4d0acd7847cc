/* error.c — the per-thread error message behind ss_error(). */
#include "error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

static _Thread_local char last_error[256];

const char *
ss_error(void)
{
	return last_error;
}

void
ss_set_error(const char *format, ...)
{
	int saved_errno = errno; /* vsnprintf may touch errno; callers rely on it */
	va_list args;

	va_start(args, format);
	vsnprintf(last_error, sizeof last_error, format, args);
	va_end(args);
	errno = saved_errno;
}
