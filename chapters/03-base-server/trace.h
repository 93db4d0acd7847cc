/* trace.h — the calls a server really makes, written as it makes them.
 *
 * Every method of every class starts with a trace point:
 *
 *     SS_TRACE("BaseServer", "serve_forever");
 *
 * With SS_TRACE=1 in the environment, each one writes a line to stderr:
 *
 *     ss-trace pid=4242 tid=1 depth=2     TCPServer.get_request
 *
 *   pid    the process (a forked child has its own)
 *   tid    the thread: 1, 2, 3... in the order threads first trace
 *   depth  how many traced calls enclose this one in this thread (0 = outermost);
 *          the method name is also indented by depth, for the human reader
 *
 * tools/trace reads these lines (render: a call tree; check: against a
 * diagram). Off, a trace point costs one predictable branch.
 *
 * The depth goes back down when the traced function returns, by any path:
 * the macro declares a variable with the cleanup attribute, which runs
 * ss__trace_leave at the end of the enclosing scope. That attribute is not
 * ISO C but a GNU extension, which gcc and clang both have: the one thing
 * that makes this library "GNU C11" rather than C11 (README). Without it,
 * every return of every method would need its own ss__trace_leave, and one
 * forgotten would skew every depth after it.
 */
#ifndef SS_TRACE_H
#define SS_TRACE_H

/* Is tracing on (SS_TRACE set to something other than "" or "0")? */
int ss_trace_enabled(void);

/* Internal: used by SS_TRACE; not for programs. Writes the line for a call
 * and goes one level deeper; returns 1 if it did. */
int ss__trace_enter(const char *class_name, const char *method_name);

/* Internal: used by SS_TRACE; not for programs. Backs up one level, if the
 * matching ss__trace_enter went down one. */
void ss__trace_leave(int *entered);

/* Trace the call of method class_name.method_name (Python's names), as the
 * first statement of its function: a declaration, so one per scope. */
#define SS_TRACE(class_name, method_name)                                                    \
	__attribute__((cleanup(ss__trace_leave))) int ss__trace_entered =                      \
		ss_trace_enabled() ? ss__trace_enter(class_name, method_name) : 0

#endif
