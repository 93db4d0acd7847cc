#include "source_file.h"

#include <string.h>

#include "files.h"

/* The code view of text; marks in opens where block comments start. */
static char *
blank_comments(struct arena *arena, const char *text, size_t length, bool *opens)
{
	char *code = arena_strndup(arena, text, length);
	enum { CODE, LINE_COMMENT, BLOCK_COMMENT, STRING, CHARACTER } state = CODE;

	for (size_t i = 0; i < length; i++) {
		char next = i + 1 < length ? text[i + 1] : '\0';
		switch (state) {
		case CODE:
			if (text[i] == '/' && (next == '*' || next == '/')) {
				state = next == '*' ? BLOCK_COMMENT : LINE_COMMENT;
				opens[i] = next == '*';
				code[i] = code[i + 1] = ' ';
				i++;
			} else if (text[i] == '"') {
				state = STRING;
			} else if (text[i] == '\'') {
				state = CHARACTER;
			}
			break;
		case BLOCK_COMMENT:
			if (text[i] == '*' && next == '/') {
				code[i] = code[i + 1] = ' ';
				i++;
				state = CODE;
			} else if (text[i] != '\n') {
				code[i] = ' ';
			}
			break;
		case LINE_COMMENT:
			if (text[i] == '\n')
				state = CODE;
			else
				code[i] = ' ';
			break;
		case STRING:
		case CHARACTER:
			if (text[i] == '\\' && next != '\0')
				i++; /* an escaped quote does not end the literal */
			else if (text[i] == (state == STRING ? '"' : '\'') || text[i] == '\n')
				state = CODE;
			break;
		}
	}
	return code;
}

static void
index_lines(struct arena *arena, struct source_file *file)
{
	size_t count = 1;
	for (size_t i = 0; i < file->length; i++)
		if (file->text[i] == '\n' && i + 1 < file->length)
			count++;
	file->line_starts = arena_alloc(arena, count * sizeof *file->line_starts);
	file->line_count = 0;
	file->line_starts[file->line_count++] = 0;
	for (size_t i = 0; i < file->length; i++)
		if (file->text[i] == '\n' && i + 1 < file->length)
			file->line_starts[file->line_count++] = i + 1;
}

struct source_file *
source_file_from_text(struct arena *arena, const char *path, int chapter, const char *text)
{
	struct source_file *file = arena_alloc(arena, sizeof *file);
	file->path = arena_strdup(arena, path);
	file->chapter = chapter;
	const char *slash = strrchr(path, '/');
	size_t directory_length = slash != NULL ? (size_t)(slash - path) : 0;
	file->is_program = directory_length >= 8 && strncmp(slash - 8, "programs", 8) == 0 &&
	                   (directory_length == 8 || slash[-9] == '/');
	file->length = strlen(text);
	file->text = arena_strndup(arena, text, file->length);
	bool *opens = arena_alloc(arena, (file->length + 1) * sizeof *opens);
	file->code = blank_comments(arena, text, file->length, opens);
	file->opens_block_comment = opens;
	index_lines(arena, file);
	return file;
}

struct source_file *
source_file_read(struct arena *arena, const char *path, int chapter)
{
	size_t length;
	const char *text = file_read(arena, path, &length);
	if (text == NULL)
		return NULL;
	return source_file_from_text(arena, path, chapter, text);
}

int
source_line_at(const struct source_file *file, size_t offset)
{
	size_t low = 0, high = file->line_count;
	while (high - low > 1) {
		size_t middle = (low + high) / 2;
		if (file->line_starts[middle] <= offset)
			low = middle;
		else
			high = middle;
	}
	return (int)low + 1;
}

const char *
source_code_line(const struct source_file *file, int line, size_t *length)
{
	size_t start = file->line_starts[line - 1];
	size_t end = start;
	while (end < file->length && file->code[end] != '\n')
		end++;
	*length = end - start;
	return file->code + start;
}

bool
source_opens_block_comment(const struct source_file *file, size_t offset)
{
	return offset < file->length && file->opens_block_comment[offset];
}
