/* annotations.h — the comments starting with slash-star-at, read from one file.
 *
 *   -> callee [label]     the enclosing function calls callee (label optional)
 *   ~> callee [label]     ... starts callee elsewhere: a thread or a process
 *   diagram NAME root=FUNC [server=CLASS] [handler=CLASS] "Title"
 *   classes NAME "Title"
 *   class NAME : BASE, BASE
 *   region NAME, end NAME, wrap ...   for other tools: ignored here
 *
 * A callee is a C function name, self.method or super.method. Any other
 * annotation is a problem (a misspelt one would otherwise vanish silently).
 */
#ifndef DIAGRAM_ANNOTATIONS_H
#define DIAGRAM_ANNOTATIONS_H

#include <stdbool.h>

#include "arena.h"
#include "functions.h"
#include "problems.h"
#include "source_file.h"

enum call_kind { CALL_FUNCTION, CALL_SELF, CALL_SUPER };

struct call_annotation {
	const struct source_file *file;
	int line;
	const struct function_def *caller;
	enum call_kind kind;
	const char *callee;    /* the function name, or the method for self./super. */
	const char *label;     /* NULL when there is none */
	bool starts_elsewhere; /* ~> : drawn dashed */
};

enum diagram_kind { DIAGRAM_CALL_FLOW, DIAGRAM_CLASSES };

struct diagram_declaration {
	enum diagram_kind kind;
	const char *name;  /* the file is NAME.dot */
	const char *title;
	const char *root;  /* call flow only */
	const char *server_class, *handler_class; /* call flow only, NULL when absent */
	const struct source_file *file;
	int line;
};

struct composed_class {
	const char *name;
	struct pointer_list bases; /* char *: class names, in the order written */
	const struct source_file *file;
	int line;
};

struct file_annotations {
	struct pointer_list calls;           /* struct call_annotation *, in source order */
	struct pointer_list diagrams;        /* struct diagram_declaration * */
	struct pointer_list composed_classes; /* struct composed_class * */
};

/* Reads every annotation of file into out; functions are the file's
 * definitions, which tell each call annotation its caller. */
void parse_annotations(struct arena *arena, const struct source_file *file,
                       const struct pointer_list *functions, struct file_annotations *out,
                       struct problems *problems);

#endif
