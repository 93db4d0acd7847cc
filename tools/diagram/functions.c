#include "functions.h"

#include <ctype.h>
#include <string.h>

#include "scanner.h"

static bool
line_is_brace_alone(const struct source_file *file, int line, char brace)
{
	size_t length;
	const char *text = source_code_line(file, line, &length);
	if (length == 0 || text[0] != brace)
		return false;
	for (size_t i = 1; i < length; i++)
		if (!isspace((unsigned char)text[i]))
			return false;
	return true;
}

/* A line that cannot belong to the declarator below it. */
static bool
ends_previous_construct(const struct source_file *file, int line)
{
	size_t length;
	const char *text = source_code_line(file, line, &length);
	while (length > 0 && isspace((unsigned char)text[length - 1]))
		length--;
	size_t start = 0;
	while (start < length && isspace((unsigned char)text[start]))
		start++;
	if (start == length || text[start] == '#')
		return true;
	return strchr(";{}", text[length - 1]) != NULL;
}

static int
declarator_first_line(const struct source_file *file, int open_line)
{
	int line = open_line;
	while (line > 1 && !ends_previous_construct(file, line - 1))
		line--;
	return line;
}

static void
skip_parenthesized(struct scanner *scanner)
{
	if (!scan_char(scanner, '('))
		return;
	for (int depth = 1; depth > 0 && scanner->at < scanner->end; scanner->at++) {
		if (*scanner->at == '(')
			depth++;
		else if (*scanner->at == ')')
			depth--;
	}
}

/* Words that can stand before a '(' without naming a function. */
static bool
is_keyword(const char *word)
{
	static const char *const keywords[] = {
		"if", "while", "for", "switch", "return", "sizeof", "_Alignof", "_Generic",
		"void", "char", "short", "int", "long", "float", "double", "signed", "unsigned", "_Bool",
	};
	for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
		if (strcmp(word, keywords[i]) == 0)
			return true;
	return false;
}

/* The declared function's name, or NULL when the text declares no function. */
static char *
declared_function_name(struct arena *arena, const char *text, size_t length, bool *is_static)
{
	struct scanner scanner = scanner_over(text, length);
	char *last_identifier = NULL;
	bool identifier_just_before = false;

	*is_static = false;
	while (!scan_at_end(&scanner)) {
		char *identifier;
		if (scan_identifier(&scanner, arena, &identifier)) {
			if (strcmp(identifier, "__attribute__") == 0) {
				skip_parenthesized(&scanner);
				identifier_just_before = false;
				continue;
			}
			if (strcmp(identifier, "static") == 0)
				*is_static = true;
			last_identifier = identifier;
			identifier_just_before = true;
			continue;
		}
		char c = *scanner.at++;
		if (c == '=' || c == ';')
			return NULL;
		if (c == '(')
			return identifier_just_before && !is_keyword(last_identifier) ? last_identifier : NULL;
		identifier_just_before = false;
	}
	return NULL;
}

/* Does SS_TRACE( followed by a string literal start at, before end? */
static bool
opens_trace_point(const char *at, const char *end)
{
	struct scanner scanner = scanner_over(at, (size_t)(end - at));
	if (!scan_keyword(&scanner, "SS_TRACE") || !scan_char(&scanner, '('))
		return false;
	scan_space(&scanner);
	return !scan_at_end(&scanner) && *scanner.at == '"';
}

/* Where a trace point, SS_TRACE( followed by a string literal, starts in
 * code[from, to), or NULL. The code view has no comments; string and
 * character literals are skipped (getenv("SS_TRACE") is no trace point), and
 * so is the bare word (#ifdef SS_TRACE). */
static const char *
find_trace_point(const char *code, size_t from, size_t to)
{
	const char *token = "SS_TRACE";
	size_t length = strlen(token);
	for (size_t i = from; i + length <= to; i++) {
		if (code[i] == '"' || code[i] == '\'') {
			char quote = code[i];
			for (i++; i < to && code[i] != quote && code[i] != '\n'; i++)
				if (code[i] == '\\')
					i++;
			continue;
		}
		if (memcmp(code + i, token, length) != 0)
			continue;
		bool starts = i == 0 || !is_identifier_char(code[i - 1]);
		if (starts && opens_trace_point(code + i, code + to))
			return code + i;
	}
	return NULL;
}

static void
read_trace_point(struct arena *arena, struct function_def *function, struct problems *problems)
{
	const struct source_file *file = function->file;
	size_t body = file->line_starts[function->open_line];
	size_t body_end = file->line_starts[function->close_line - 1];
	struct scanner scanner = scanner_over(file->code + body, body_end - body);
	char *class_name, *method;

	/* SS_TRACE( first, even with other arguments, is a malformed trace
	 * point; the bare word is none */
	if (!scan_keyword(&scanner, "SS_TRACE") || !scan_char(&scanner, '(')) {
		const char *misplaced = find_trace_point(file->code, body, body_end);
		if (misplaced != NULL)
			problem_at(problems, file->path, source_line_at(file, (size_t)(misplaced - file->code)),
			           "SS_TRACE in %s is not the first statement of its body, so it cannot "
			           "name the function's diagram node", function->name);
		return;
	}
	if (scan_quoted(&scanner, arena, &class_name) &&
	    scan_char(&scanner, ',') && scan_quoted(&scanner, arena, &method) &&
	    scan_char(&scanner, ')') && scan_char(&scanner, ';')) {
		function->trace_class = class_name;
		function->trace_method = method;
		return;
	}
	problem_at(problems, file->path, source_line_at(file, (size_t)(scanner.at - file->code)),
	           "write the trace point of %s as SS_TRACE(\"Class\", \"method\"); "
	           "with two string literals", function->name);
}

/* The line of the `}` alone that closes the function opened at open_line, or 0. */
static int
closing_line(const struct source_file *file, int open_line, const char *name, struct problems *problems)
{
	for (int line = open_line + 1; line <= (int)file->line_count; line++) {
		if (line_is_brace_alone(file, line, '}'))
			return line;
		if (line_is_brace_alone(file, line, '{')) {
			problem_at(problems, file->path, line,
			           "'{' alone in column 0 inside function %s (opened at line %d): "
			           "only a function's own braces go in column 0", name, open_line);
			return 0;
		}
	}
	problem_at(problems, file->path, open_line,
	           "function %s has no closing '}' alone in column 0", name);
	return 0;
}

void
find_functions(struct arena *arena, const struct source_file *file, struct pointer_list *out,
               struct problems *problems)
{
	for (int line = 1; line <= (int)file->line_count; line++) {
		if (!line_is_brace_alone(file, line, '{'))
			continue;
		int first_line = declarator_first_line(file, line);
		if (first_line == line)
			continue;
		size_t start = file->line_starts[first_line - 1];
		bool is_static;
		char *name = declared_function_name(arena, file->code + start,
		                                    file->line_starts[line - 1] - start, &is_static);
		if (name == NULL)
			continue;
		int close_line = closing_line(file, line, name, problems);
		if (close_line == 0)
			continue;

		struct function_def *function = arena_alloc(arena, sizeof *function);
		*function = (struct function_def){
			.name = name,
			.file = file,
			.first_line = first_line,
			.open_line = line,
			.close_line = close_line,
			.is_static = is_static,
		};
		read_trace_point(arena, function, problems);
		list_push(arena, out, function);
		line = close_line;
	}
}

const struct function_def *
function_enclosing(const struct pointer_list *functions, int line)
{
	for (size_t i = 0; i < functions->count; i++) {
		const struct function_def *function = functions->items[i];
		if (function->first_line <= line && line <= function->close_line)
			return function;
	}
	return NULL;
}
