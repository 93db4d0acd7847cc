#include "model.h"

#include <ctype.h>
#include <string.h>

#include "scanner.h"

const struct model_function *
model_find_function(const struct model *model, const char *name, const struct source_file *near)
{
	const struct model_function *elsewhere = NULL, *static_elsewhere = NULL;
	for (size_t i = 0; i < model->functions.count; i++) {
		const struct model_function *function = model->functions.items[i];
		if (strcmp(function->def->name, name) != 0)
			continue;
		if (function->def->file == near)
			return function;
		if (!function->def->is_static && elsewhere == NULL)
			elsewhere = function;
		if (function->def->is_static && static_elsewhere == NULL)
			static_elsewhere = function;
	}
	return elsewhere != NULL ? elsewhere : static_elsewhere;
}

const struct model_function *
model_function_of(const struct model *model, const struct function_def *def)
{
	for (size_t i = 0; i < model->functions.count; i++) {
		const struct model_function *function = model->functions.items[i];
		if (function->def == def)
			return function;
	}
	return NULL;
}

struct class_info *
model_find_class(const struct model *model, const char *name)
{
	for (size_t i = 0; i < model->classes.count; i++) {
		struct class_info *class_info = model->classes.items[i];
		if (strcmp(class_info->name, name) == 0)
			return class_info;
	}
	return NULL;
}

const struct method_def *
class_own_method(const struct class_info *class_info, const char *name)
{
	for (size_t i = 0; i < class_info->methods.count; i++) {
		const struct method_def *method = class_info->methods.items[i];
		if (strcmp(method->name, name) == 0)
			return method;
	}
	return NULL;
}

bool
class_in_mro(const struct class_info *class_info, const struct class_info *ancestor)
{
	for (size_t i = 0; i < class_info->mro.count; i++)
		if (class_info->mro.items[i] == ancestor)
			return true;
	return false;
}

static void
add_functions(struct arena *arena, struct model *model, const struct parsed_file *file)
{
	for (size_t i = 0; i < file->functions.count; i++) {
		const struct function_def *def = file->functions.items[i];
		struct model_function *function = arena_alloc(arena, sizeof *function);
		function->def = def;
		if (def->trace_class != NULL) {
			function->node = arena_printf(arena, "%s.%s", def->trace_class, def->trace_method);
			function->class_name = def->trace_class;
		}
		list_push(arena, &model->functions, function);
	}
}

/* The file's class tables and composed classes, merged in line order. */
static int
add_classes(struct arena *arena, struct model *model, const struct parsed_file *file,
            struct problems *problems)
{
	const struct pointer_list *tables = &file->class_tables;
	const struct pointer_list *composed = &file->annotations.composed_classes;
	size_t t = 0, c = 0;
	int status = 0;

	while (t < tables->count || c < composed->count) {
		const struct class_table *table = t < tables->count ? tables->items[t] : NULL;
		const struct composed_class *composition = c < composed->count ? composed->items[c] : NULL;
		struct class_info *class_info = arena_alloc(arena, sizeof *class_info);
		if (table != NULL && (composition == NULL || table->line < composition->line)) {
			*class_info = (struct class_info){
				.name = table->name, .table = table, .file = table->file, .line = table->line,
			};
			t++;
		} else {
			*class_info = (struct class_info){
				.name = composition->name, .composed = composition,
				.file = composition->file, .line = composition->line,
			};
			c++;
		}
		const struct class_info *same_name = model_find_class(model, class_info->name);
		if (same_name != NULL) {
			problem_at(problems, class_info->file->path, class_info->line,
			           "class %s is already defined at %s:%d: class names must be unique",
			           class_info->name, same_name->file->path, same_name->line);
			status = -1;
			continue;
		}
		list_push(arena, &model->classes, class_info);
	}
	return status;
}

/* The table class with that symbol, as seen from the file near (like functions). */
static struct class_info *
find_table_class(const struct model *model, const char *symbol, const struct source_file *near)
{
	struct class_info *elsewhere = NULL;
	for (size_t i = 0; i < model->classes.count; i++) {
		struct class_info *class_info = model->classes.items[i];
		if (class_info->table == NULL || strcmp(class_info->table->symbol, symbol) != 0)
			continue;
		if (class_info->file == near)
			return class_info;
		if (elsewhere == NULL || (elsewhere->table->is_static && !class_info->table->is_static))
			elsewhere = class_info;
	}
	return elsewhere;
}

static int
link_bases(struct arena *arena, struct model *model, struct class_info *class_info,
           struct problems *problems)
{
	const char *path = class_info->file->path;
	if (class_info->table != NULL) {
		const char *symbol = class_info->table->base_symbol;
		if (symbol == NULL)
			return 0;
		struct class_info *base = find_table_class(model, symbol, class_info->file);
		if (base == NULL) {
			problem_at(problems, path, class_info->line,
			           "class %s: its .base &%s is no class table of chapters 1..%d",
			           class_info->name, symbol, model->chapter);
			return -1;
		}
		list_push(arena, &class_info->bases, base);
		return 0;
	}
	for (size_t i = 0; i < class_info->composed->bases.count; i++) {
		const char *name = class_info->composed->bases.items[i];
		struct class_info *base = model_find_class(model, name);
		if (base == NULL) {
			problem_at(problems, path, class_info->line,
			           "class %s: no class %s in chapters 1..%d", class_info->name, name,
			           model->chapter);
			return -1;
		}
		list_push(arena, &class_info->bases, base);
	}
	return 0;
}

static bool
is_identifier(const char *text)
{
	if (!isalpha((unsigned char)text[0]) && text[0] != '_')
		return false;
	for (; *text; text++)
		if (!is_identifier_char(*text))
			return false;
	return true;
}

/* Sorts the table's fields into methods and attributes, and names the methods'
 * functions after the class (unless a trace point named them already). */
static int
read_methods(struct arena *arena, struct model *model, struct class_info *class_info,
             struct problems *problems)
{
	int status = 0;
	if (class_info->table == NULL)
		return 0;
	for (size_t i = 0; i < class_info->table->fields.count; i++) {
		const struct table_field *field = class_info->table->fields.items[i];
		struct model_function *function = is_identifier(field->value)
			? (struct model_function *)model_find_function(model, field->value, class_info->file)
			: NULL;
		if (function == NULL) {
			list_push(arena, &class_info->attributes, (void *)field);
			continue;
		}
		struct method_def *method = arena_alloc(arena, sizeof *method);
		*method = (struct method_def){.name = field->field, .function = function, .line = field->line};
		list_push(arena, &class_info->methods, method);

		const char *node = arena_printf(arena, "%s.%s", class_info->name, field->field);
		if (function->node == NULL) {
			function->node = node;
			function->class_name = class_info->name;
		} else if (function->def->trace_class != NULL) {
			/* The trace point names the method in Python, the slot in C: they
			 * may differ (.init for __init__), the class may not. */
			if (strcmp(function->def->trace_class, class_info->name) != 0) {
				problem_at(problems, class_info->file->path, field->line,
				           "%s is implemented by %s, but its SS_TRACE names it %s: "
				           "a function is a method of one class", node, function->def->name,
				           function->node);
				status = -1;
			}
		} else if (strcmp(function->node, node) != 0) {
			problem_at(problems, class_info->file->path, field->line,
			           "%s is implemented by %s, but another class table names it %s: "
			           "a function is one method", node, function->def->name, function->node);
			status = -1;
		}
	}
	return status;
}

static int
compute_mro(struct arena *arena, struct class_info *class_info, struct problems *problems)
{
	if (class_info->mro_state == MRO_DONE)
		return 0;
	if (class_info->mro_state == MRO_IN_PROGRESS) {
		problem_at(problems, class_info->file->path, class_info->line,
		           "class %s inherits from itself", class_info->name);
		return -1;
	}
	class_info->mro_state = MRO_IN_PROGRESS;
	list_push(arena, &class_info->mro, class_info);
	for (size_t i = 0; i < class_info->bases.count; i++) {
		struct class_info *base = class_info->bases.items[i];
		if (compute_mro(arena, base, problems) != 0)
			return -1;
		for (size_t j = 0; j < base->mro.count; j++)
			if (!class_in_mro(class_info, base->mro.items[j]))
				list_push(arena, &class_info->mro, base->mro.items[j]);
	}
	class_info->mro_state = MRO_DONE;
	return 0;
}

/* Two functions may not be the same method node. */
static int
check_unique_methods(const struct model *model, struct problems *problems)
{
	int status = 0;
	for (size_t i = 0; i < model->functions.count; i++) {
		const struct model_function *function = model->functions.items[i];
		if (function->class_name == NULL)
			continue;
		for (size_t j = 0; j < i; j++) {
			const struct model_function *earlier = model->functions.items[j];
			if (earlier->class_name != NULL && strcmp(earlier->node, function->node) == 0) {
				problem_at(problems, function->def->file->path, function->def->open_line,
				           "%s and %s (%s:%d) are both the method %s", function->def->name,
				           earlier->def->name, earlier->def->file->path, earlier->def->open_line,
				           function->node);
				status = -1;
			}
		}
	}
	return status;
}

int
model_build(struct arena *arena, struct model *model, const struct codebase *codebase, int chapter,
            const struct source_file *program, struct problems *problems)
{
	int status = 0;
	*model = (struct model){.chapter = chapter, .program = program};

	for (size_t i = 0; i < codebase->files.count; i++) {
		const struct parsed_file *file = codebase->files.items[i];
		if (file->source->chapter > chapter || (file->source->is_program && file->source != program))
			continue;
		list_push(arena, &model->files, (void *)file);
		add_functions(arena, model, file);
		status |= add_classes(arena, model, file, problems);
	}
	for (size_t i = 0; i < model->classes.count; i++)
		status |= link_bases(arena, model, model->classes.items[i], problems);
	for (size_t i = 0; i < model->classes.count; i++)
		status |= read_methods(arena, model, model->classes.items[i], problems);
	for (size_t i = 0; status == 0 && i < model->classes.count; i++)
		status |= compute_mro(arena, model->classes.items[i], problems);
	for (size_t i = 0; i < model->functions.count; i++) {
		struct model_function *function = model->functions.items[i];
		if (function->node == NULL)
			function->node = function->def->name;
	}
	status |= check_unique_methods(model, problems);
	return status != 0 ? -1 : 0;
}
