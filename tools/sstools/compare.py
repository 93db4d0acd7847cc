"""compare — the C library's call sequence against CPython's, side by side.

    tools/trace compare [--differences FILE] [--scenario NAME] C_TRACE PYTHON_TRACE

Both files hold `ss-trace` lines (SS_TRACE=1 for C, sstools.pytrace for
Python); any other line is ignored. Each trace is cut into its threads —
processes in the order they first trace, threads by their number — and each
thread's calls into a tree. A loop that made the same calls several times
(serve_forever's passes, say) is folded to one pass, since how many passes a
run makes is timing, not design. Then the two are compared thread by
thread, and printed side by side.

A difference is allowed only when the differences file documents it: one
line per difference,

    SCENARIO  +Class.method   why the C library makes this call and Python does not
    SCENARIO  -Class.method   why Python makes this call and the C library does not

(SCENARIO `*` applies to every scenario; `Caller/Class.method` names the
call only where Caller makes it). A documented call is looked through: it
is taken out of its side's tree and its own calls take its place, so a C
helper that wraps Python's calls (a mix-in's __init__ around TCPServer's)
leaves the calls under it to be compared at Python's depth. What is left
must agree call for call. Exit status 0 when it does, 1 otherwise, 2 on
bad usage.
"""
import argparse
import difflib
import sys

from sstools import trace


def threads(lines):
    """[(label, [(depth, name), ...]), ...]: the calls of each thread, the
    threads ordered by process (first appearance), then thread number."""
    streams = trace.read_streams([('', '\n'.join(lines))])
    pids = list(dict.fromkeys(pid for _, pid, _ in streams))
    result = []
    for number, pid in enumerate(pids, 1):
        for key in sorted((key for key in streams if key[1] == pid), key=lambda key: key[2]):
            calls = [(depth, method) for depth, method, _ in streams[key]]
            result.append((f'process {number} thread {key[2]}', calls))
    return result


def tree(calls):
    """[(name, children), ...] from (depth, name) in call order. Depths are
    taken relative to the thread's first call (a forked child starts deep)."""
    root = []
    stack = [(-1, root)]
    base = calls[0][0] if calls else 0
    for depth, name in calls:
        depth -= base
        while stack[-1][0] >= depth:
            stack.pop()
        node = (name, [])
        stack[-1][1].append(node)
        stack.append((depth, node[1]))
    return root


def fold(nodes):
    """The tree with runs of identical sibling subtrees (a loop's passes)
    folded to one — repeatedly, so a pass of two calls repeating folds too."""
    nodes = [(name, fold(children)) for name, children in nodes]
    changed = True
    while changed:
        changed = False
        for width in range(1, len(nodes) // 2 + 1):
            i = 0
            while i + 2 * width <= len(nodes):
                if nodes[i:i + width] == nodes[i + width:i + 2 * width]:
                    del nodes[i + width:i + 2 * width]
                    changed = True
                else:
                    i += 1
    return nodes


def flatten(nodes, depth=0):
    """['  Class.method', ...]: the tree as indented lines, in call order."""
    lines = []
    for name, children in nodes:
        lines.append('  ' * depth + name)
        lines.extend(flatten(children, depth + 1))
    return lines


def read_differences(text):
    """{(scenario, '+' or '-', 'Class.method'): reason}."""
    allowed = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        parts = line.split(None, 2)
        if len(parts) < 3 or parts[1][:1] not in '+-' or len(parts[1]) < 2:
            raise ValueError(f'differences line {number}: expected '
                             f'"SCENARIO +Class.method reason", got {line!r}')
        allowed[(parts[0], parts[1][0], parts[1][1:])] = parts[2]
    return allowed


def look_through(nodes, documented, parent=None):
    """(nodes without the documented calls — each replaced by its own calls —,
    [the names taken out]). documented: names 'Class.method' or
    'Caller/Class.method'."""
    kept, taken = [], []
    for name, children in nodes:
        children, below = look_through(children, documented, name)
        taken += below
        if name in documented or f'{parent}/{name}' in documented:
            taken.append(name if name in documented else f'{parent}/{name}')
            kept += children
        else:
            kept.append((name, children))
    return kept, taken


def compare(c_lines, python_lines, scenario='*', allowed=None):
    """(report lines, number of undocumented differences)."""
    allowed = allowed or {}

    def documented(sign):
        return {name for (where, s, name) in allowed if s == sign and where in (scenario, '*')}

    def reason(sign, name):
        return allowed.get((scenario, sign, name)) or allowed.get(('*', sign, name))

    c_threads, python_threads = threads(c_lines), threads(python_lines)
    report, undocumented = [], 0
    if len(c_threads) != len(python_threads):
        report.append(f'threads: C has {len(c_threads)}, Python has {len(python_threads)}')
        undocumented += 1
    for index in range(max(len(c_threads), len(python_threads))):
        c_label, c_calls = c_threads[index] if index < len(c_threads) else ('-', [])
        py_label, py_calls = python_threads[index] if index < len(python_threads) else ('-', [])
        c_tree, c_taken = look_through(fold(tree(c_calls)), documented('+'))
        py_tree, py_taken = look_through(fold(tree(py_calls)), documented('-'))
        c_side, py_side = flatten(fold(c_tree)), flatten(fold(py_tree))
        width = max([len(line) for line in c_side] + [len('C: ' + c_label)]) + 2
        report.append(f'{"C: " + c_label:<{width}}| Python: {py_label}')
        matcher = difflib.SequenceMatcher(a=c_side, b=py_side, autojunk=False)
        for tag, a0, a1, b0, b1 in matcher.get_opcodes():
            for offset in range(max(a1 - a0, b1 - b0)):
                left = c_side[a0 + offset] if a0 + offset < a1 else ''
                right = py_side[b0 + offset] if b0 + offset < b1 else ''
                if tag == 'equal':
                    report.append(f'{left:<{width}}  {right}'.rstrip())
                    continue
                notes = [f'{sign}{line.strip()}' for sign, line in (('+', left), ('-', right))
                         if line.strip()]
                undocumented += len(notes)
                report.append(f'{left:<{width}}! {right:<40} <- undocumented: {", ".join(notes)}')
        for sign, taken, side in (('+', c_taken, 'C only'), ('-', py_taken, 'Python only')):
            for name in dict.fromkeys(taken):
                report.append(f'  ~ {sign}{name} ({side}, looked through): {reason(sign, name)}')
    return report, undocumented


def main(argv=None):
    parser = argparse.ArgumentParser(prog='tools/trace compare', description=__doc__.split('\n')[0])
    parser.add_argument('--differences', help='the documented differences')
    parser.add_argument('--scenario', default='*', help='the scenario the traces come from')
    parser.add_argument('c_trace')
    parser.add_argument('python_trace')
    options = parser.parse_args(argv)
    try:
        allowed = {}
        if options.differences:
            with open(options.differences, encoding='utf-8') as file:
                allowed = read_differences(file.read())
        with open(options.c_trace, encoding='utf-8', errors='replace') as file:
            c_lines = file.read().splitlines()
        with open(options.python_trace, encoding='utf-8', errors='replace') as file:
            python_lines = file.read().splitlines()
    except (OSError, ValueError) as error:
        print(f'trace compare: {error}', file=sys.stderr)
        return 2
    if not threads(c_lines) or not threads(python_lines):
        print('trace compare: a trace has no ss-trace line', file=sys.stderr)
        return 1
    report, undocumented = compare(c_lines, python_lines, options.scenario, allowed)
    print('\n'.join(report))
    if undocumented:
        print(f'trace compare: {undocumented} undocumented difference(s)', file=sys.stderr)
        return 1
    return 0
