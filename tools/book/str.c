/* str.c — string helpers; see str.h. */
#include "str.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *
str_realloc(void *memory, size_t size)
{
	void *resized = realloc(memory, size == 0 ? 1 : size);

	if (resized == NULL) {
		fputs("book: out of memory\n", stderr);
		abort();
	}
	return resized;
}

char *
str_dup_n(const char *text, size_t length)
{
	char *copy = str_realloc(NULL, length + 1);

	memcpy(copy, text, length);
	copy[length] = '\0';
	return copy;
}

char *
str_dup(const char *text)
{
	return str_dup_n(text, strlen(text));
}

char *
str_format(const char *format, ...)
{
	va_list args;
	int length;
	char *result;

	va_start(args, format);
	length = vsnprintf(NULL, 0, format, args);
	va_end(args);
	result = str_realloc(NULL, (size_t)length + 1);
	va_start(args, format);
	vsnprintf(result, (size_t)length + 1, format, args);
	va_end(args);
	return result;
}

bool
str_starts_with(const char *text, const char *prefix)
{
	return strncmp(text, prefix, strlen(prefix)) == 0;
}

bool
str_ends_with(const char *text, const char *suffix)
{
	size_t text_length = strlen(text), suffix_length = strlen(suffix);

	return text_length >= suffix_length &&
	       strcmp(text + text_length - suffix_length, suffix) == 0;
}

bool
str_is_blank(const char *text)
{
	return str_trimmed_length(text) == 0;
}

size_t
str_indent(const char *text)
{
	return strspn(text, " \t");
}

size_t
str_trimmed_length(const char *text)
{
	size_t length = strlen(text);

	while (length > 0 && isspace((unsigned char)text[length - 1]))
		length--;
	return length;
}

bool
str_is_alone(const char *text, const char *word)
{
	const char *start = text + str_indent(text);
	size_t length = str_trimmed_length(start);

	return length == strlen(word) && strncmp(start, word, length) == 0;
}
