/* lines.c — a text file as an array of lines; see lines.h. */
#include "lines.h"

#include "str.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void
lines_init(lines *text)
{
	text->items = NULL;
	text->count = 0;
	text->capacity = 0;
	text->final_newline = true;
}

void
lines_free(lines *text)
{
	for (size_t i = 0; i < text->count; i++)
		free(text->items[i]);
	free(text->items);
	lines_init(text);
}

void
lines_push(lines *text, const char *line)
{
	if (text->count == text->capacity) {
		text->capacity = text->capacity ? 2 * text->capacity : 64;
		text->items = str_realloc(text->items, text->capacity * sizeof *text->items);
	}
	text->items[text->count++] = str_dup(line);
}

void
lines_push_range(lines *text, const lines *source, size_t begin, size_t end)
{
	for (size_t i = begin; i < end; i++)
		lines_push(text, source->items[i]);
}

int
lines_read(const char *path, lines *text)
{
	FILE *file = fopen(path, "r");
	char *line = NULL;
	size_t capacity = 0;
	ssize_t length;

	lines_init(text);
	if (file == NULL)
		return -1;
	while ((length = getline(&line, &capacity, file)) != -1) {
		text->final_newline = line[length - 1] == '\n';
		if (text->final_newline)
			line[length - 1] = '\0';
		lines_push(text, line);
	}
	free(line);
	if (ferror(file)) { /* e.g. EISDIR: a directory opens, but does not read */
		int saved_errno = errno;

		fclose(file);
		lines_free(text);
		errno = saved_errno;
		return -1;
	}
	fclose(file);
	return 0;
}

int
lines_write(const lines *text, FILE *stream)
{
	for (size_t i = 0; i < text->count; i++) {
		fputs(text->items[i], stream);
		if (i + 1 < text->count || text->final_newline)
			fputc('\n', stream);
	}
	return ferror(stream) ? -1 : 0;
}

/* The permissions the file at path has, or those a new file would get. */
static mode_t
permissions_for(const char *path)
{
	struct stat info;
	mode_t mask;

	if (stat(path, &info) == 0)
		return info.st_mode & 07777;
	mask = umask(0); /* the only way to read the umask is to set it */
	umask(mask);
	return 0666 & ~mask;
}

int
lines_write_atomic(const lines *text, const char *path)
{
	char *temp_path = str_format("%s.XXXXXX", path);
	int fd = mkstemp(temp_path);
	FILE *stream;
	int saved_errno;

	if (fd == -1)
		goto failed;
	if (fchmod(fd, permissions_for(path)) == -1 || (stream = fdopen(fd, "w")) == NULL) {
		close(fd);
		goto failed_unlink;
	}
	if (lines_write(text, stream) == -1) {
		fclose(stream);
		goto failed_unlink;
	}
	if (fclose(stream) != 0 || rename(temp_path, path) == -1)
		goto failed_unlink;
	free(temp_path);
	return 0;

failed_unlink:
	saved_errno = errno;
	unlink(temp_path);
	errno = saved_errno;
failed:
	free(temp_path);
	return -1;
}

size_t
lines_compare_range(const lines *a, size_t begin, size_t end, const lines *b)
{
	size_t length = end - begin;
	size_t shorter = length < b->count ? length : b->count;

	for (size_t i = 0; i < shorter; i++)
		if (strcmp(a->items[begin + i], b->items[i]) != 0)
			return i;
	return length == b->count ? LINES_NONE : shorter;
}

void
lines_dedent(lines *text)
{
	const char *common = NULL; /* the shared indentation: a prefix of the first indented line */
	size_t common_length = 0;

	for (size_t i = 0; i < text->count; i++) {
		const char *line = text->items[i];
		size_t n = 0;

		if (str_is_blank(line))
			continue;
		if (common == NULL) {
			common = line;
			common_length = str_indent(line);
			continue;
		}
		while (n < common_length && line[n] == common[n])
			n++;
		common_length = n;
	}
	for (size_t i = 0; i < text->count; i++) {
		char *line = text->items[i];

		if (str_is_blank(line))
			line[0] = '\0';
		else
			memmove(line, line + common_length, strlen(line + common_length) + 1);
	}
}
