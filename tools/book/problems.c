/* problems.c — a list of located problems; see problems.h. */
#include "problems.h"

#include "str.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void
problems_init(problem_list *list)
{
	list->items = NULL;
	list->count = 0;
	list->capacity = 0;
}

void
problems_free(problem_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		free(list->items[i].file);
		free(list->items[i].message);
	}
	free(list->items);
	problems_init(list);
}

static void
push(problem_list *list, const char *file, size_t line, char *message)
{
	if (list->count == list->capacity) {
		list->capacity = list->capacity ? 2 * list->capacity : 16;
		list->items = str_realloc(list->items, list->capacity * sizeof *list->items);
	}
	list->items[list->count++] = (problem){ str_dup(file), line, message };
}

void
problems_add(problem_list *list, const char *file, size_t line, const char *format, ...)
{
	va_list args;
	int length;
	char *message;

	va_start(args, format);
	length = vsnprintf(NULL, 0, format, args);
	va_end(args);
	message = str_realloc(NULL, (size_t)length + 1);
	va_start(args, format);
	vsnprintf(message, (size_t)length + 1, format, args);
	va_end(args);
	push(list, file, line, message);
}

void
problems_add_at(problem_list *list, const problem_list *from, const char *file, size_t line)
{
	for (size_t i = 0; i < from->count; i++) {
		const problem *p = &from->items[i];

		push(list, file, line, str_format("%s:%zu: %s", p->file, p->line, p->message));
	}
}

/* qsort is not stable, so each problem is sorted with its original index. */
typedef struct ranked {
	problem item;
	size_t index;
	const char *first_file;
} ranked;

static int
compare_ranked(const void *left, const void *right)
{
	const ranked *a = left, *b = right;
	int a_first = strcmp(a->item.file, a->first_file) != 0;
	int b_first = strcmp(b->item.file, b->first_file) != 0;
	int by_file = strcmp(a->item.file, b->item.file);

	if (a_first != b_first)
		return a_first - b_first;
	if (by_file != 0)
		return by_file;
	if (a->item.line != b->item.line)
		return a->item.line < b->item.line ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

void
problems_sort(problem_list *list, const char *first_file)
{
	ranked *all = str_realloc(NULL, list->count * sizeof *all);

	for (size_t i = 0; i < list->count; i++)
		all[i] = (ranked){ list->items[i], i, first_file };
	qsort(all, list->count, sizeof *all, compare_ranked);
	for (size_t i = 0; i < list->count; i++)
		list->items[i] = all[i].item;
	free(all);
}

void
problems_print(const problem_list *list, FILE *stream)
{
	for (size_t i = 0; i < list->count; i++) {
		const problem *p = &list->items[i];

		if (p->line > 0)
			fprintf(stream, "%s:%zu: %s\n", p->file, p->line, p->message);
		else
			fprintf(stream, "%s: %s\n", p->file, p->message);
	}
}
