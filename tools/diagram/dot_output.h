/* dot_output.h — the .dot text of a diagram.
 *
 * The format is fixed (tools/trace parses it, `diagram check` compares it
 * byte for byte): one statement a line, nodes first, then edges, each edge
 * line starting with "A" -> "B" after the indentation.
 *
 *   method node       "BaseServer.serve_forever" [shape=box, label="BaseServer\nserve_forever"];
 *   untraced method   "PollSelector.select" [shape=box, style=rounded, label="PollSelector\nselect", class="untraced"];
 *   plain function    "echo_conversation" [shape=box, style=rounded];
 *   system call       "accept" [shape=plaintext, fontcolor=gray30];
 *   call              "A" -> "B" [label="if ready"];
 *   start elsewhere   "A" -> "B" [style=dashed, label="new thread"];
 *
 * An untraced method is one that only a class table names: its function has
 * no SS_TRACE trace point, so it never shows in a trace. It keeps its
 * Class.method id and label but is drawn like a plain function, and
 * class="untraced" (graphviz copies it into the SVG) tells tools/trace to
 * contract it like a plain function even though its id holds a '.'.
 *
 * In the class diagram each class is a record (name, the methods it defines
 * itself under their Python names, its attributes) and each inheritance edge is written base -> class
 * with dir=back and a hollow arrow: graphviz ranks the base above, so the
 * tree reads top-down from BaseServer, while the arrow points from the class
 * to its base as in UML.
 */
#ifndef DIAGRAM_DOT_OUTPUT_H
#define DIAGRAM_DOT_OUTPUT_H

#include "annotations.h"
#include "arena.h"
#include "call_flow.h"
#include "model.h"

const char *dot_call_flow(struct arena *arena, const struct diagram_declaration *diagram,
                          const struct call_flow *flow);
const char *dot_classes(struct arena *arena, const struct diagram_declaration *diagram,
                        const struct model *model);

#endif
