"""tools/trace — the servers' runtime traces, as trees and against the diagrams.

    tools/trace render [FILE...]
    tools/trace check [--only-diagram-nodes] DOTFILE TRACEFILE...
    tools/trace compare [--differences FILE] [--scenario NAME] C_TRACE PYTHON_TRACE

`compare` sets the C library's calls beside CPython's (sstools/compare.py).
With SS_TRACE=1 the library writes, for every method call, a line

    ss-trace pid=<pid> tid=<n> depth=<d>   <Class.method>

(the method indented by its depth; other output may share the line before
it). A stream is one thread of one process of one file; within it, a call
at depth d was made by the nearest open call at depth d - 1 (its parent);
a call without one is an orphan: the first call of a thread, or of a forked
child.

`check` makes the diagrams unable to lie. A method is a node whose id holds
a '.' and whose statement is not marked class="untraced"; every other node
(a plain function, a system call, a method no trace point names) is
contracted: A -> helper -> B counts as A -> B, and a path through a dashed
edge starts B elsewhere (B is then an orphan). It fails on
- "runtime edge not in diagram: A -> B" (with --only-diagram-nodes, edges
  touching a method the diagram does not draw are left out);
- "diagram edge never seen at run time: A -> B";
- a trace without any ss-trace line (it proves nothing).
Exit: 0 agree (or rendered), 1 disagree or unreadable input, 2 bad usage.
"""
import re
import sys

LINE = re.compile(r"ss-trace pid=(\d+) tid=(\d+) depth=(\d+) +(\S+)\s*$")


def read_streams(named_texts):
    """{(source, pid, tid): [(depth, method, parent or None)]}, in the order first seen."""
    streams = {}
    for source, text in named_texts:
        open_calls = {}
        for line in text.splitlines():
            match = LINE.search(line)
            if not match:
                continue
            pid, tid, depth, method = match.groups()
            key, depth = (source, int(pid), int(tid)), int(depth)
            stack = open_calls.setdefault(key, [])
            while stack and stack[-1][0] >= depth:
                stack.pop()
            parent = stack[-1][1] if stack and stack[-1][0] == depth - 1 else None
            streams.setdefault(key, []).append((depth, method, parent))
            stack.append((depth, method))
    return streams


def render(streams, name_sources):
    out = []
    for (source, pid, tid), calls in streams.items():
        out.append(("\n" if out else "") + (f"[{source}: " if name_sources else "[")
                   + f"pid {pid} thread {tid}]\n")
        out += ["  " * (depth + 1) + method + "\n" for depth, method, _ in calls]
    return "".join(out)


def read_dot(text):
    """(nodes in order, edges (from, to, dashed), untraced nodes) of a tools/diagram .dot."""
    nodes, edges, untraced = [], [], set()
    for line in text.splitlines():
        edge = re.match(r'\s*"((?:[^"\\]|\\.)*)" -> "((?:[^"\\]|\\.)*)"(.*);$', line)
        node = re.match(r'\s*"((?:[^"\\]|\\.)*)" \[(.*)\];$', line)
        if edge:
            edges.append((edge.group(1), edge.group(2), "style=dashed" in edge.group(3)))
            for n in edge.group(1, 2):
                if n not in nodes:
                    nodes.append(n)
        elif node:
            if node.group(1) not in nodes:
                nodes.append(node.group(1))
            if 'class="untraced"' in node.group(2):
                untraced.add(node.group(1))
    return nodes, edges, untraced


def method_edges(nodes, edges, untraced):
    """{(A, B, starts elsewhere)} between methods, the other nodes contracted."""
    def is_method(n):
        return "." in n and n not in untraced
    found = []
    for method in filter(is_method, nodes):
        seen, todo = set(), [(method, False)]
        while todo:
            node, elsewhere = todo.pop(0)
            for a, b, dashed in edges:
                if a != node:
                    continue
                reached = (b, elsewhere or dashed)
                if is_method(b):
                    if (method, *reached) not in found:
                        found.append((method, *reached))
                elif reached not in seen:
                    seen.add(reached)
                    todo.append(reached)
    return found


def check(dot_text, streams, only_diagram_nodes, dot_path):
    """(status, messages)."""
    calls = [call for stream in streams.values() for call in stream]
    if not calls:
        return 1, ["trace check: no ss-trace lines in the trace (was SS_TRACE=1 set?)"]
    nodes, edges, untraced = read_dot(dot_text)
    drawn = method_edges(nodes, edges, untraced)
    runtime = list(dict.fromkeys((parent, method) for _, method, parent in calls if parent))
    orphans = {method for _, method, parent in calls if parent is None}
    problems = []
    for a, b in runtime:
        if only_diagram_nodes and (a not in nodes or b not in nodes):
            continue
        if (a, b, False) not in drawn:
            problems.append(f"runtime edge not in diagram: {a} -> {b}")
    for a, b, elsewhere in drawn:
        if elsewhere and b not in orphans:
            problems.append(f"diagram edge never seen at run time: {a} -> {b} (dashed: {b} never "
                            "started a thread or process of its own)")
        elif not elsewhere and (a, b) not in runtime:
            problems.append(f"diagram edge never seen at run time: {a} -> {b}")
    if problems:
        return 1, problems + [f"trace check: {dot_path} and the trace disagree: {len(problems)} "
                              f"problem{'s' * (len(problems) != 1)}"]
    return 0, [f"trace check: {dot_path} agrees with the trace: {len(runtime)} runtime edges, "
               f"{len(drawn)} diagram edges between methods, all seen"]


USAGE = """usage: tools/trace render [FILE...]
       tools/trace check [--only-diagram-nodes] DOTFILE TRACEFILE...
       tools/trace compare [--differences FILE] [--scenario NAME] C_TRACE PYTHON_TRACE

  render  the ss-trace lines (SS_TRACE=1 output; stdin without FILE) as
          indented call trees, one per process and thread
  check   fail when a traced call is not an edge of the diagram, or a
          diagram edge between methods never happened
  compare the C library's calls beside CPython's socketserver's, thread by
          thread; fail on a difference --differences does not document
"""


def read_inputs(paths, err):
    texts = []
    for path in paths:
        try:
            if path == "-":
                texts.append((path, sys.stdin.read()))
                continue
            with open(path) as f:
                texts.append((path, f.read()))
        except OSError as error:
            print(f"trace: cannot read {path}: {error.strerror}", file=err)
            return None
    return texts


def main(argv=None, out=sys.stdout, err=sys.stderr):
    args = sys.argv[1:] if argv is None else argv
    if args[:1] in (["--help"], ["help"]):
        out.write(USAGE)
        return 0
    if args[:1] == ["compare"]:
        from sstools import compare
        return compare.main(args[1:])
    if args[:1] == ["render"]:
        texts = read_inputs(args[1:] or ["-"], err)
        if texts is None:
            return 1
        out.write(render(read_streams(texts), len(args) > 2))
        return 0
    files = [a for a in args[1:] if a != "--only-diagram-nodes"]
    if args[:1] != ["check"] or len(files) < 2:
        err.write(f"trace: {'check needs a DOTFILE and at least one TRACEFILE' if args[:1] == ['check'] else 'unknown command'}\n{USAGE}")
        return 2
    texts = read_inputs(files, err)
    if texts is None:
        return 1
    if not re.search(r"^digraph ", texts[0][1], re.M):
        print(f"trace check: {files[0]} is no digraph", file=err)
        return 1
    status, messages = check(texts[0][1], read_streams(texts[1:]), "--only-diagram-nodes" in args, files[0])
    print("\n".join(messages), file=err if status else out)
    return status
