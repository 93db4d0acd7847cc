/* diagram — the call-flow and class diagrams of the book, from annotations.
 *
 *   diagram generate --out DIR CHAPTER_DIR...
 *   diagram check --diagrams DIR CHAPTER_DIR...
 *   diagram render [--force] DOTFILE...
 *
 * The rules the generator follows (README.md, "Contributing", states them for
 * authors; the files named here hold the details):
 *
 * Sources (codebase.h, model.h). A CHAPTER_DIR is NN-slug; its sources are
 * the *.c and *.h directly in it (the library) and in its programs/. A
 * diagram declared in chapter N sees the library sources of the given
 * chapters numbered <= N, never later ones, and, when it is declared in a
 * program, that program: each program links alone, so programs do not see
 * each other (each may have its own main and its own EchoHandler).
 *
 * Functions (functions.h). A definition opens with `{` alone in column 0 and
 * closes with `}` alone in column 0; its name is the identifier before the
 * first `(` of the declarator lines above the `{`. A body whose first
 * statement is SS_TRACE("Class", "method"); makes it the method Class.method.
 *
 * Annotations (annotations.h), comments starting with slash-star-at:
 *   -> callee [label]   the enclosing function calls callee here
 *   ~> callee [label]   ... starts it elsewhere (thread, process): dashed
 *   diagram NAME root=FUNC [server=CLASS] [handler=CLASS] "Title"
 *   classes NAME "Title"
 *   class NAME : BASE, BASE          a class composed from others
 *   region/end/wrap                  other tools' annotations: ignored
 * A call annotation outside any function, or an unknown annotation, is a
 * problem reported as file:line.
 *
 * Classes (class_tables.h, model.h). A class table is a column-0
 * `[static ]const ss_<kind>_class SYMBOL = { .name = "...", .base = &BASE,
 * .slot = function, .attribute = value };`. `.slot = f` defines the method
 * slot when f is a function of the visible sources; any other field is an
 * attribute. MRO: a table class, then its base's MRO; a composed class
 * NAME : B1, B2, then B1's MRO, then what B2's MRO adds (mix-in first).
 * Class names are unique among what a diagram sees.
 *
 * Nodes (model.h). Class.method for a traced function, else ClassName.slot
 * for a slot function, else the C name. A trace point and a table that give
 * a function different classes are a problem; the method name may differ
 * (slot .init traced as __init__: the node and the class box say __init__,
 * self.init finds it). Method nodes hold a '.', plain functions never do
 * (tools/trace contracts the plain ones). A method node whose function has
 * no SS_TRACE trace point (a table names it, nothing traces it: chapter 2's
 * selector backends) is untraced: drawn like a plain function, still
 * labelled Class/method, and marked class="untraced" in its node statement,
 * so that tools/trace contracts it too. Only SS_TRACE( followed by a string
 * literal is a trace point: the word in a comment or a string literal
 * (getenv("SS_TRACE")) is none.
 *
 * Callees (model.h, call_flow.h). A C name is looked up like a linker with
 * static functions: the caller's own file first, then a non-static
 * definition elsewhere, then a static one elsewhere (root= in a program may
 * name a library's static method); a name defined nowhere is a leaf (a
 * system call). self.m is the first class defining m in the MRO of the
 * diagram's concrete class (server= or handler=) that contains the caller's
 * class; super.m the first after the caller's class in that MRO. A plain
 * function may call self.m when one concrete class alone has an m.
 * Unresolvable: a problem.
 *
 * Walk (call_flow.h). From root=, depth first, annotations in source order,
 * each function entered once; identical edges are drawn once. Output (the
 * format in dot_output.h) depends only on the sources: it is compared byte
 * for byte by `check`.
 *
 * Freshness (check.h, dot_hash.h, render.h). Each .svg carries the FNV-1a
 * hash of the .dot it was rendered from; `check` compares the .dot files
 * exactly and the .svg files by that hash only, as graphviz's SVG output
 * varies between versions.
 *
 * Exit status: 0 all good, 1 problems (listed on stderr), 2 bad usage.
 */
#include <stdio.h>

#include "cli.h"

int
main(int argc, char **argv)
{
	return diagram_cli(argc, argv, stdout, stderr);
}
