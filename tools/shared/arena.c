#include "arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *
checked(void *memory)
{
	if (memory == NULL) {
		fputs("out of memory\n", stderr);
		abort();
	}
	return memory;
}

void
arena_init(struct arena *arena)
{
	arena->blocks = NULL;
	arena->count = arena->capacity = 0;
}

void
arena_release(struct arena *arena)
{
	for (size_t i = 0; i < arena->count; i++)
		free(arena->blocks[i]);
	free(arena->blocks);
	arena_init(arena);
}

void *
arena_alloc(struct arena *arena, size_t size)
{
	if (arena->count == arena->capacity) {
		arena->capacity = arena->capacity ? 2 * arena->capacity : 64;
		arena->blocks = checked(realloc(arena->blocks, arena->capacity * sizeof *arena->blocks));
	}
	void *block = checked(calloc(1, size ? size : 1));
	arena->blocks[arena->count++] = block;
	return block;
}

char *
arena_strndup(struct arena *arena, const char *text, size_t length)
{
	char *copy = arena_alloc(arena, length + 1);
	memcpy(copy, text, length);
	return copy;
}

char *
arena_strdup(struct arena *arena, const char *text)
{
	return arena_strndup(arena, text, strlen(text));
}

static char *
arena_vprintf(struct arena *arena, const char *format, va_list args)
{
	va_list again;
	va_copy(again, args);
	int length = vsnprintf(NULL, 0, format, args);
	char *result = arena_alloc(arena, (size_t)length + 1);
	vsnprintf(result, (size_t)length + 1, format, again);
	va_end(again);
	return result;
}

char *
arena_printf(struct arena *arena, const char *format, ...)
{
	va_list args;
	va_start(args, format);
	char *result = arena_vprintf(arena, format, args);
	va_end(args);
	return result;
}

void
list_push(struct arena *arena, struct pointer_list *list, void *item)
{
	if (list->count == list->capacity) {
		size_t capacity = list->capacity ? 2 * list->capacity : 8;
		void **items = arena_alloc(arena, capacity * sizeof *items);
		if (list->count > 0)
			memcpy(items, list->items, list->count * sizeof *items);
		list->items = items;
		list->capacity = capacity;
	}
	list->items[list->count++] = item;
}

void
text_append_n(struct arena *arena, struct text_buffer *buffer, const char *text, size_t length)
{
	if (buffer->length + length + 1 > buffer->capacity) {
		size_t capacity = buffer->capacity ? buffer->capacity : 256;
		while (buffer->length + length + 1 > capacity)
			capacity *= 2;
		char *chars = arena_alloc(arena, capacity);
		if (buffer->length > 0)
			memcpy(chars, buffer->chars, buffer->length);
		buffer->chars = chars;
		buffer->capacity = capacity;
	}
	memcpy(buffer->chars + buffer->length, text, length);
	buffer->length += length;
	buffer->chars[buffer->length] = '\0';
}

void
text_append(struct arena *arena, struct text_buffer *buffer, const char *text)
{
	text_append_n(arena, buffer, text, strlen(text));
}

void
text_printf(struct arena *arena, struct text_buffer *buffer, const char *format, ...)
{
	va_list args;
	va_start(args, format);
	char *formatted = arena_vprintf(arena, format, args);
	va_end(args);
	text_append(arena, buffer, formatted);
}

const char *
text_get(const struct text_buffer *buffer)
{
	return buffer->chars ? buffer->chars : "";
}
