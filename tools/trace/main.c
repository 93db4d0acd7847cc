/* trace — the runtime traces of the servers, as trees and against the diagrams.
 *
 *   trace render [FILE...]
 *   trace check [--only-diagram-nodes] DOTFILE TRACEFILE...
 *
 * The library writes one line per method call to stderr when SS_TRACE=1
 * (trace_line.h). `render` shows them as call trees per process and thread
 * (render.h), for the book and the tour. `check` is what makes the diagrams
 * unable to lie (check.h): every traced call must be an edge of the diagram,
 * and every edge between methods of the diagram must have happened. A
 * method is a node whose id holds a '.' ("Class.method") and whose node
 * statement is not marked class="untraced"; tools/diagram marks so a method
 * that only a class table names, without an SS_TRACE trace point (chapter
 * 2's selector backends). Every other node, such a one included, is
 * contracted (dot_graph.h, method_edges.h).
 *
 * Exit status: 0 agree (or rendered), 1 disagree or unreadable input, 2 bad usage.
 */
#include <stdio.h>

#include "cli.h"

int
main(int argc, char **argv)
{
	return trace_cli(argc, argv, stdin, stdout, stderr);
}
