#include "problems.h"

#include <stdarg.h>
#include <string.h>

void
problems_init(struct problems *problems, FILE *stream)
{
	problems->stream = stream;
	problems->count = 0;
	arena_init(&problems->arena);
	problems->reported = (struct pointer_list){0};
}

void
problems_release(struct problems *problems)
{
	arena_release(&problems->arena);
	problems->reported = (struct pointer_list){0};
}

static void
report(struct problems *problems, const char *message)
{
	for (size_t i = 0; i < problems->reported.count; i++)
		if (strcmp(problems->reported.items[i], message) == 0)
			return;
	list_push(&problems->arena, &problems->reported, arena_strdup(&problems->arena, message));
	problems->count++;
	fprintf(problems->stream, "%s\n", message);
}

void
problem_at(struct problems *problems, const char *path, int line, const char *format, ...)
{
	char message[1024];
	int prefix = snprintf(message, sizeof message, "%s:%d: ", path, line);
	va_list args;
	va_start(args, format);
	if (prefix > 0 && (size_t)prefix < sizeof message)
		vsnprintf(message + prefix, sizeof message - (size_t)prefix, format, args);
	va_end(args);
	report(problems, message);
}

void
problem(struct problems *problems, const char *format, ...)
{
	char message[1024];
	va_list args;
	va_start(args, format);
	vsnprintf(message, sizeof message, format, args);
	va_end(args);
	report(problems, message);
}
