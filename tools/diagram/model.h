/* model.h — what a diagram sees, with names resolved: the functions and
 * classes of the library sources (those directly in a chapter directory) of
 * chapters 1..N, N being the diagram's chapter, and, for a diagram declared
 * in a program (programs/NAME.c), that program. Each program is linked on its
 * own, so programs do not see each other: two programs may each have their
 * own main() or their own EchoHandler.
 *
 * Function lookup works like a linker with static functions: a definition in
 * the caller's own file first, then a non-static one elsewhere, then (as a
 * last resort) a static one elsewhere; ties go to the first in codebase order.
 *
 * Classes come from class tables and from composed-class annotations. A class
 * table defines method `slot` when `.slot = function` names a function of the
 * sources; its other fields are attributes. The method resolution order (MRO)
 * of a table class is the class, then its base's MRO. A composed class
 * NAME : B1, B2 has the MRO NAME, then B1's MRO, then the entries of B2's MRO
 * not listed yet (and so on for more bases). That is not Python's C3
 * linearisation but gives the same order for what the book composes: a mix-in
 * without a base, placed first, over a server class.
 *
 * Diagram nodes: a function whose body starts with SS_TRACE("Class",
 * "method"); is the node "Class.method"; else a function that a class table
 * names as its slot is "ClassName.slot"; else its C name. A method node
 * therefore always holds a '.', a plain function never does; a method node
 * without a trace point is untraced (call_flow.h, dot_output.h). A traced
 * function that a table names must have the table's class; its method name
 * may differ from the slot (slot .init, traced as Python's __init__), and
 * self.init and super.init still find it by its slot.
 */
#ifndef DIAGRAM_MODEL_H
#define DIAGRAM_MODEL_H

#include <stdbool.h>

#include "arena.h"
#include "codebase.h"
#include "problems.h"

struct model_function {
	const struct function_def *def;
	const char *node;       /* the diagram node: Class.method or the C name */
	const char *class_name; /* the class it is a method of, NULL for a plain function */
};

struct method_def {
	const char *name; /* the slot */
	const struct model_function *function;
	int line;
};

enum mro_state { MRO_NOT_STARTED, MRO_IN_PROGRESS, MRO_DONE };

struct class_info {
	const char *name;
	const struct class_table *table;       /* NULL for a composed class */
	const struct composed_class *composed; /* NULL for a class table */
	const struct source_file *file;
	int line;
	struct pointer_list bases;      /* struct class_info * */
	struct pointer_list methods;    /* struct method_def *: those it defines itself */
	struct pointer_list attributes; /* struct table_field * */
	struct pointer_list mro;        /* struct class_info *, itself first */
	enum mro_state mro_state;
};

struct model {
	int chapter;
	const struct source_file *program; /* NULL: the library sources only */
	struct pointer_list files;     /* struct parsed_file *: the visible ones */
	struct pointer_list functions; /* struct model_function * */
	struct pointer_list classes;   /* struct class_info *, in codebase order */
};

/* The model of chapter's library sources, plus program's when not NULL.
 * Returns -1 when the sources have a problem (reported), 0 otherwise. */
int model_build(struct arena *arena, struct model *model, const struct codebase *codebase, int chapter,
                const struct source_file *program, struct problems *problems);

/* The definition of name that a call from the file near reaches, or NULL. */
const struct model_function *model_find_function(const struct model *model, const char *name,
                                                 const struct source_file *near);
const struct model_function *model_function_of(const struct model *model,
                                               const struct function_def *def);
struct class_info *model_find_class(const struct model *model, const char *name);

/* The method the class defines itself (not inherited), or NULL. */
const struct method_def *class_own_method(const struct class_info *class_info, const char *name);
/* Is ancestor in the MRO of class_info (itself included)? */
bool class_in_mro(const struct class_info *class_info, const struct class_info *ancestor);

#endif
