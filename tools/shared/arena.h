/* arena.h — memory for one run of the tool, released in one go.
 *
 * A tool builds many small strings and lists whose lives all end
 * together, when the command finishes. Rather than freeing each one, it
 * allocates them from an arena and releases the arena. Running out of memory
 * aborts: a repository tool has nothing better to do.
 */
#ifndef SS_TOOLS_ARENA_H
#define SS_TOOLS_ARENA_H

#include <stddef.h>

struct arena {
	void **blocks;
	size_t count, capacity;
};

void arena_init(struct arena *arena);
void arena_release(struct arena *arena);

/* size bytes, zeroed, valid until arena_release. */
void *arena_alloc(struct arena *arena, size_t size);
char *arena_strdup(struct arena *arena, const char *text);
char *arena_strndup(struct arena *arena, const char *text, size_t length);
char *arena_printf(struct arena *arena, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

/* A growable list of pointers. Growing copies the items into a bigger block;
 * the old block stays in the arena until it is released (at most as much again). */
struct pointer_list {
	void **items;
	size_t count, capacity;
};

void list_push(struct arena *arena, struct pointer_list *list, void *item);

/* A growable NUL-terminated string. */
struct text_buffer {
	char *chars;
	size_t length, capacity;
};

void text_append(struct arena *arena, struct text_buffer *buffer, const char *text);
void text_append_n(struct arena *arena, struct text_buffer *buffer, const char *text, size_t length);
void text_printf(struct arena *arena, struct text_buffer *buffer, const char *format, ...)
	__attribute__((format(printf, 3, 4)));
/* The text so far ("" when nothing was appended). */
const char *text_get(const struct text_buffer *buffer);

#endif
