/* class_tables.h — the class tables of a source file.
 *
 * A class is a const struct with designated initializers, defined at file
 * scope starting in column 0:
 *
 *     const ss_server_class ss_tcp_server = {
 *             .name = "TCPServer",
 *             .base = &ss_base_server,
 *             .server_bind = tcp_server_bind,
 *             .request_queue_size = 5,
 *     };
 *
 * (optionally `static const`, the type any ss_<kind>_class). `.name` is the
 * Python name, `.base` the base class's symbol (NULL or absent: a root class).
 * Every other field is kept with its value text; the model later decides
 * which ones are methods (their value is a function of the sources).
 */
#ifndef DIAGRAM_CLASS_TABLES_H
#define DIAGRAM_CLASS_TABLES_H

#include <stdbool.h>

#include "arena.h"
#include "problems.h"
#include "source_file.h"

struct table_field {
	const char *field;
	const char *value; /* as written, white space runs made one space */
	int line;
};

struct class_table {
	const char *symbol;
	const char *name;
	const char *base_symbol; /* NULL: a root class */
	bool is_static;
	const struct source_file *file;
	int line;
	struct pointer_list fields; /* struct table_field *: the others, in source order */
};

/* Appends every class table of file to out (struct class_table *). */
void find_class_tables(struct arena *arena, const struct source_file *file, struct pointer_list *out,
                       struct problems *problems);

#endif
