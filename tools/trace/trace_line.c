#include "trace_line.h"

#include <ctype.h>
#include <limits.h>
#include <string.h>

/* Reads "<key><digits>" at *at; advances past it. */
static bool
read_number(const char **at, const char *key, long *out)
{
	size_t key_length = strlen(key);
	if (strncmp(*at, key, key_length) != 0)
		return false;
	const char *digit = *at + key_length;
	if (!isdigit((unsigned char)*digit))
		return false;
	long value = 0;
	for (; isdigit((unsigned char)*digit); digit++) {
		if (value > (LONG_MAX - 9) / 10)
			return false; /* no pid or depth is that large */
		value = value * 10 + (*digit - '0');
	}
	*out = value;
	*at = digit;
	return true;
}

bool
trace_line_parse(struct arena *arena, const char *line, struct trace_call *out)
{
	const char *at = strstr(line, "ss-trace pid=");
	if (at == NULL)
		return false;
	at += strlen("ss-trace ");
	struct trace_call call;
	if (!read_number(&at, "pid=", &call.pid) || !read_number(&at, " tid=", &call.thread) ||
	    !read_number(&at, " depth=", &call.depth) || *at != ' ')
		return false;
	while (*at == ' ')
		at++; /* the library indents the method by its depth, for human readers */
	const char *method = at;
	while (*at != '\0' && !isspace((unsigned char)*at))
		at++;
	size_t length = (size_t)(at - method);
	while (*at != '\0' && isspace((unsigned char)*at))
		at++;
	if (length == 0 || *at != '\0')
		return false;
	call.method = arena_strndup(arena, method, length);
	*out = call;
	return true;
}
