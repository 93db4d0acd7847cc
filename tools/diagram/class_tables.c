#include "class_tables.h"

#include <ctype.h>
#include <string.h>

#include "scanner.h"

static bool
is_class_type(const char *type)
{
	size_t length = strlen(type);
	return strncmp(type, "ss_", 3) == 0 && length > 9 && strcmp(type + length - 6, "_class") == 0;
}

/* Reads "static const ss_x_class SYMBOL = {"; false for anything else. */
static bool
scan_table_start(struct scanner *scanner, struct arena *arena, char **symbol, bool *is_static)
{
	char *type;
	*is_static = scan_keyword(scanner, "static");
	return scan_keyword(scanner, "const") && scan_identifier(scanner, arena, &type) &&
	       is_class_type(type) && scan_identifier(scanner, arena, symbol) &&
	       scan_char(scanner, '=') && scan_char(scanner, '{');
}

/* The value up to the next ',' or '}' outside brackets and strings, with its
 * white space runs made single spaces. */
static char *
scan_value(struct scanner *scanner, struct arena *arena)
{
	struct text_buffer value = {0};
	int depth = 0;
	bool pending_space = false;

	scan_space(scanner);
	for (; scanner->at < scanner->end; scanner->at++) {
		char c = *scanner->at;
		if (depth == 0 && (c == ',' || c == '}'))
			break;
		if (isspace((unsigned char)c)) {
			pending_space = true;
			continue;
		}
		if (pending_space)
			text_append(arena, &value, " ");
		pending_space = false;
		if (c == '"') { /* copy the literal whole: it may hold ',' or '}' */
			const char *start = scanner->at;
			for (scanner->at++; scanner->at < scanner->end && *scanner->at != '"'; scanner->at++)
				if (*scanner->at == '\\' && scanner->at + 1 < scanner->end)
					scanner->at++;
			if (scanner->at == scanner->end) {
				text_append_n(arena, &value, start, (size_t)(scanner->at - start));
				break;
			}
			text_append_n(arena, &value, start, (size_t)(scanner->at - start + 1));
			continue;
		}
		if (strchr("([{", c))
			depth++;
		else if (strchr(")]}", c))
			depth--;
		text_append_n(arena, &value, &c, 1);
	}
	return arena_strdup(arena, text_get(&value));
}

/* .name and .base go into the table itself; false when their value is wrong. */
static bool
keep_field(struct arena *arena, struct class_table *table, struct table_field *field,
           struct problems *problems)
{
	const char *path = table->file->path;
	if (strcmp(field->field, "name") == 0) {
		struct scanner value = scanner_over(field->value, strlen(field->value));
		char *name;
		if (!scan_quoted(&value, arena, &name) || !scan_at_end(&value)) {
			problem_at(problems, path, field->line, "class table %s: .name must be a string literal",
			           table->symbol);
			return false;
		}
		table->name = name;
		return true;
	}
	if (strcmp(field->field, "base") == 0) {
		struct scanner value = scanner_over(field->value, strlen(field->value));
		char *base;
		if (scan_keyword(&value, "NULL") && scan_at_end(&value))
			return true;
		if (!scan_char(&value, '&') || !scan_identifier(&value, arena, &base) || !scan_at_end(&value)) {
			problem_at(problems, path, field->line,
			           "class table %s: .base must be &SYMBOL of a class table, or NULL", table->symbol);
			return false;
		}
		table->base_symbol = base;
		return true;
	}
	list_push(arena, &table->fields, field);
	return true;
}

/* The fields after the '{' up to "};"; false (reported) when they cannot be read. */
static bool
scan_fields(struct scanner *scanner, struct arena *arena, struct class_table *table,
            struct problems *problems)
{
	const struct source_file *file = table->file;
	while (!scan_char(scanner, '}')) {
		char *name;
		scan_space(scanner);
		int line = source_line_at(file, (size_t)(scanner->at - file->code));
		if (!scan_char(scanner, '.') || !scan_identifier(scanner, arena, &name) ||
		    !scan_char(scanner, '=')) {
			problem_at(problems, file->path, line,
			           "class table %s: write every field as .field = value", table->symbol);
			return false;
		}
		struct table_field *field = arena_alloc(arena, sizeof *field);
		*field = (struct table_field){.field = name, .value = scan_value(scanner, arena), .line = line};
		if (!keep_field(arena, table, field, problems))
			return false;
		if (scan_char(scanner, ','))
			continue;
		scan_space(scanner);
		if (scanner->at == scanner->end || *scanner->at != '}') {
			problem_at(problems, file->path, line, "class table %s: expected ',' or '}' after .%s",
			           table->symbol, name);
			return false;
		}
	}
	if (!scan_char(scanner, ';')) {
		problem_at(problems, file->path, table->line, "class table %s does not end with '};'",
		           table->symbol);
		return false;
	}
	return true;
}

void
find_class_tables(struct arena *arena, const struct source_file *file, struct pointer_list *out,
                  struct problems *problems)
{
	for (size_t line = 1; line <= file->line_count; line++) {
		size_t start = file->line_starts[line - 1];
		if (isspace((unsigned char)file->code[start]))
			continue;
		struct scanner scanner = scanner_over(file->code + start, file->length - start);
		char *symbol;
		bool is_static;
		if (!scan_table_start(&scanner, arena, &symbol, &is_static))
			continue;

		struct class_table *table = arena_alloc(arena, sizeof *table);
		*table = (struct class_table){
			.symbol = symbol, .is_static = is_static, .file = file, .line = (int)line,
		};
		if (!scan_fields(&scanner, arena, table, problems))
			continue;
		if (table->name == NULL) {
			problem_at(problems, file->path, table->line, "class table %s has no .name = \"...\"",
			           symbol);
			continue;
		}
		list_push(arena, out, table);
	}
}
