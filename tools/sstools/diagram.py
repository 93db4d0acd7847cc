"""tools/diagram — the book's call-flow and class diagrams, from the code.

    tools/diagram generate --out DIR CHAPTER_DIR...
    tools/diagram check --diagrams DIR CHAPTER_DIR...
    tools/diagram render [--force] DOTFILE...

A diagram declared in chapter N (`/*@diagram NAME root=FUNC [server=CLASS]
[handler=CLASS] "Title" */` or `/*@classes NAME "Title" */`) sees the library
sources of chapters 1..N and, when declared in a program, that program only
(classes.Model).

Call flow. From root, depth first, each function entered once, its calls in
the order the source makes them (drawn so: `ordering=out`):
- a call of a function of the visible sources, read from the code itself;
- an annotation `-> callee [label]`: a label for the direct call of callee on
  its line (or, alone on its line, the next one), or a call no tool sees in
  the code: self.m / super.m (through the class table, resolved in the MRO of
  the diagram's server= or handler= class holding the caller's class), a
  function called through a pointer, or a system call worth drawing (a leaf);
- `~> callee`: the same, started elsewhere (a thread or process): dashed.
An annotation that only repeats a direct call, and a label naming a --option
that the diagram's program does not have, are problems.

Freshness. `check` compares each .dot exactly with what the sources
generate, and each .svg by the FNV-1a hash of its .dot that `render` stamps
into it (graphviz's SVG varies between versions). Exit: 0 fresh, 1 problems,
2 bad usage.
"""
import os
import re
import subprocess
import sys
from dataclasses import dataclass

from .classes import Model
from .source import IDENT, KEYWORDS, read_chapters

# Calls of these are drawn as leaves (other library functions are not):
# the system calls a reader of a socket server wants to see.
SYSTEM_CALLS = {"socket", "setsockopt", "bind", "listen", "getsockname", "accept", "connect",
                "accept4", "recv", "recvfrom", "send", "sendto", "shutdown", "close", "poll", "ppoll", "select",
                "pselect", "fork", "waitpid", "pthread_create", "pthread_join", "nanosleep"}

HEADER = ('digraph "{name}" {{\n'
          '  graph [label="{title}", labelloc=t, fontname="Helvetica", {layout}];\n'
          '  node [fontname="Helvetica", fontsize=11];\n'
          '  edge [fontname="Helvetica", fontsize=10];\n')
# A page shows about 800 pt: a wider drawing is scaled down to 11 inches.
FLOW_LAYOUT = 'rankdir={}, ordering=out, nodesep=0.1, ranksep=0.3, size="11,30"'
CLASS_LAYOUT = 'rankdir=TB, size="11,30"'


def quoted(text):
    return '"%s"' % text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


@dataclass
class Site:  # one call a function makes
    at: tuple  # (line, column): calls are drawn in this order
    callee: object  # the Function called, None for a leaf (a system call)
    name: str
    label: str = None
    elsewhere: bool = False  # it starts callee in another thread or process
    annotated: bool = False


class Flow:
    def __init__(self, model, source, name, options, line):
        self.model, self.source, self.name, self.line = model, source, name, line
        self.problems, self.nodes, self.edges, self.entered = [], {}, [], set()
        self.concrete = []
        for option in ("server", "handler"):
            if option in options:
                c = model.classes.get(options[option])
                if c is None:
                    self.problem(source, None, f"diagram {name}: {option}={options[option]} is no "
                                 f"class of chapters 1..{model.chapter}")
                self.concrete.append(c)
        root = model.function(options["root"], source)
        if root is None:
            self.problem(source, None, f"diagram {name}: root function {options['root']} is not "
                         f"defined in chapters 1..{model.chapter}")
        elif not self.problems:
            self.add_node(root)
            self.enter(root)

    def problem(self, source, line, message):
        self.problems.append(f"{source.path}:{line or self.line}: {message}")

    def add_node(self, function, leaf=None):
        key = id(function) if function else leaf
        self.nodes.setdefault(key, function)
        return key

    def calls(self, function):
        """The Sites of function, in source order."""
        source = self.model.file_of[id(function)]
        found, start, end = [], source.offset(function.open), source.offset(function.close)
        for match in re.finditer(rf"(?<![\w.>])({IDENT})\s*\(", source.bare[start:end]):
            name = match.group(1)
            callee = self.model.function(name, source) if name not in KEYWORDS else None
            if callee is not None or name in SYSTEM_CALLS:
                line = source.line_at(start + match.start())
                found.append(Site((line, start + match.start() - source.offset(line)), callee, name))
        for a in (c for c in source.calls if function.open < c.line < function.close):
            callee = self.resolve(function, source, a) if a.kind != "function" else \
                self.model.function(a.callee, source)
            if a.kind != "function" and callee is None:
                continue  # reported
            alone = next(x.alone for x in source.annotations if (x.line, x.column) == (a.line, a.column))
            same = next((site for site in found if site.name == a.callee and a.kind == "function"
                         and not site.annotated and (site.at[0] > a.line if alone else site.at[0] == a.line)),
                        None)
            if same is None:
                found.append(Site((a.line, a.column), callee, a.callee, a.label, a.elsewhere, True))
            elif not a.label and not a.elsewhere:
                self.problem(source, a.line, f"-> {a.callee} repeats a call the code shows: remove "
                             "the annotation (direct calls are found from the code)")
            else:
                same.label, same.elsewhere, same.annotated = a.label, a.elsewhere, True
        self.check_options(source, found)
        return sorted(found, key=lambda site: site.at)

    def check_options(self, source, calls):
        program = self.source.text if self.source.is_program else ""
        for site in calls:
            for option in re.findall(r"--([\w-]+)", site.label or ""):
                if not re.search(rf'"(--)?{re.escape(option)}"', program):
                    self.problem(source, site.at[0], f"label [{site.label}] names --{option}, which the "
                                 f"program of diagram {self.name} ({self.source.path}) does not have")

    def resolve(self, function, source, a):
        what, owner = f"{a.kind}.{a.callee}", self.model.class_of(function)
        concrete = [c for c in self.concrete if c is not None]
        if owner is None:
            having = [c for c in concrete if c.find(a.callee)]
            if a.kind == "self" and len(having) == 1:
                return having[0].find(a.callee)
            why = ("it is no method, so it has no super" if a.kind == "super" else
                   "it is no method, and " + ("both server= and handler= have it" if having
                                              else "no server= or handler= class has it"))
        else:
            holder = next((c for c in concrete if owner in c.mro()), None)
            if holder is None:
                why = f"diagram {self.name} has no server= or handler= class with {owner.name} in its MRO"
            else:
                found = holder.find(a.callee, owner if a.kind == "super" else None)
                if found:
                    return found
                why = f"no class {'after ' + owner.name + ' ' if a.kind == 'super' else ''}in the " \
                      f"MRO of {holder.name} ({', '.join(c.name for c in holder.mro())}) defines it"
        self.problem(source, a.line, f"{what} in {function.name}: {why}")
        return None

    def enter(self, function):
        self.entered.add(id(function))
        caller = id(function)
        for site in self.calls(function):
            edge = (caller, self.add_node(site.callee, site.name), site.label, site.elsewhere)
            if edge not in self.edges:
                self.edges.append(edge)
            if site.callee and id(site.callee) not in self.entered:
                self.enter(site.callee)

    def prune(self):
        """Leave out the plain functions that lead to no method, no drawn
        system call and no labelled call: helpers (ss_set_error,
        ss_address_format...) that would bury the flow."""
        if not self.nodes:
            return
        keep = {k for k, f in self.nodes.items() if f is None or "." in self.model.node[k]}
        changed = True
        while changed:
            before = len(keep)
            keep |= {a for a, b, label, elsewhere in self.edges if b in keep or label or elsewhere}
            keep |= {b for a, b, label, elsewhere in self.edges if label or elsewhere}
            changed = len(keep) != before
        self.edges = [e for e in self.edges if e[1] in keep]
        reached = {next(iter(self.nodes))} | {e[1] for e in self.edges}
        self.nodes = {k: f for k, f in self.nodes.items() if k in reached}

    def node_names(self):
        """Each node's id; two static functions of one name get their files' names."""
        names = {k: self.model.node[k] if f else k for k, f in self.nodes.items()}
        counts = {}
        for name in names.values():
            counts[name] = counts.get(name, 0) + 1
        for key, function in self.nodes.items():
            if function and counts[names[key]] > 1:
                path = self.model.file_of[key].path
                names[key] += "@" + os.path.basename(path)[:-2]
        return names

    def levels(self):
        """How many calls deep the drawing goes (breadth first from the root)."""
        level, todo = {next(iter(self.nodes)): 0}, [next(iter(self.nodes))]
        while todo:
            node = todo.pop(0)
            for a, b, _, _ in self.edges:
                if a == node and b not in level:
                    level[b] = level[node] + 1
                    todo.append(b)
        return max(level.values()) + 1

    def dot(self, title):
        # a shallow, broad flow reads better (and narrower) left to right
        rankdir = "LR" if len(self.nodes) > 6 * self.levels() else "TB"
        out = [HEADER.format(name=self.name, title=title.replace('"', '\\"'),
                             layout=FLOW_LAYOUT.format(rankdir))]
        names = self.node_names()
        for key, function in self.nodes.items():
            node = names[key]
            if function is None:
                out.append(f"  {quoted(node)} [shape=plaintext, fontcolor=gray30];\n")
            elif "." not in node:
                label = node.replace("@", "\\n(", 1) + ")" if "@" in node else None
                out.append(f"  {quoted(node)} [shape=box, style=rounded"
                           + (f', label="{label}"' if label else "") + "];\n")
            else:
                label = node.replace(".", "\\n", 1)
                if node in self.model.untraced:
                    out.append(f'  {quoted(node)} [shape=box, style=rounded, label="{label}", '
                               'class="untraced"];\n')
                else:
                    out.append(f'  {quoted(node)} [shape=box, label="{label}"];\n')
        for caller, callee, label, elsewhere in self.edges:
            attributes = (["style=dashed"] if elsewhere else []) + \
                         ([f"label={quoted(wrap(label))}"] if label else [])
            out.append(f"  {quoted(names[caller])} -> {quoted(names[callee])}"
                       + (f" [{', '.join(attributes)}]" if attributes else "") + ";\n")
        return "".join(out) + "}\n"


def wrap(label, width=16):
    """A long label on several lines, so the diagram stays narrow."""
    lines, line = [], ""
    for word in label.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join(lines + [line])


def record(text):
    return re.sub(r'([{}|<>"\\ ])', r"\\\1", text)


def classes_dot(model, name, title):
    out = [HEADER.format(name=name, title=title.replace('"', '\\"'), layout=CLASS_LAYOUT)]
    for c in model.classes.values():
        methods = "".join(record(model.node[id(f)].split(".", 1)[1]) + "()\\l" for f in c.methods.values())
        attributes = "".join(record(f"{k} = {v}") + "\\l" for k, v in c.attributes)
        out.append(f'  {quoted(c.name)} [shape=record, label="{{{record(c.name)}\\n'
                   f'({record(c.table.symbol)})|{methods}|{attributes}}}"];\n')
    for c in model.classes.values():
        for parent, style in ((c.mixin, ", style=dashed, label=\"mix-in\""), (c.base, "")):
            if parent:
                out.append(f"  {quoted(parent.name)} -> {quoted(c.name)} [dir=back, arrowtail=empty{style}];\n")
    return "".join(out) + "}\n"


def generate(chapter_dirs):
    """({name: dot text}, {name: where declared}, problems)."""
    sources = read_chapters(chapter_dirs)
    dots, where, models = {}, {}, {}
    problems = [p for source in sources for p in source.problems]
    for source in sources:
        for kind, name, options, title, line in source.diagrams:
            if name in where:
                problems.append(f"{source.path}:{line}: diagram {name} is already declared at {where[name]}")
                continue
            where[name] = f"{source.path}:{line}"
            key = (source.chapter, source if source.is_program else None)
            if key not in models:
                models[key] = Model(sources, *key)
                problems += models[key].problems
            model = models[key]
            if kind == "classes":
                dots[name] = classes_dot(model, name, title)
                continue
            flow = Flow(model, source, name, options, line)
            problems += flow.problems
            if not flow.problems:
                flow.prune()
                dots[name] = flow.dot(title)
    return dots, where, list(dict.fromkeys(problems))


def fnv1a64(data):
    value = 0xcbf29ce484222325
    for byte in data:
        value = ((value ^ byte) * 0x100000001b3) & 0xffffffffffffffff
    return value


def hash_comment(dot_bytes):
    return "<!-- dot-hash: fnv1a64:%016x -->" % fnv1a64(dot_bytes)


def read(path, mode="r"):
    try:
        with open(path, mode) as f:
            return f.read()
    except OSError:
        return None


def check(directory, chapter_dirs, out, err):
    dots, where, problems = generate(chapter_dirs)
    if not problems:
        for name, dot in dots.items():
            dot_path, svg_path = os.path.join(directory, name + ".dot"), os.path.join(directory, name + ".svg")
            committed, svg = read(dot_path), read(svg_path)
            if committed is None:
                problems.append(f"{dot_path}: missing: {where[name]} declares it (run make diagrams)")
            elif committed != dot:
                a, b = committed.split("\n"), dot.split("\n")
                line = next(i for i in range(max(len(a), len(b)))
                            if i >= len(a) or i >= len(b) or a[i] != b[i])
                problems.append(f"{dot_path}:{line + 1}: stale: the sources generate "
                                f"'{b[line] if line < len(b) else ''}' here, the file has "
                                f"'{a[line] if line < len(a) else ''}' (run make diagrams)")
            if svg is None:
                problems.append(f"{svg_path}: missing (run make diagrams)")
            elif committed is not None and "<!-- dot-hash: fnv1a64:" not in svg:
                problems.append(f"{svg_path}: no dot-hash comment: render it with "
                                f"`tools/diagram render {dot_path}`")
            elif committed is not None and hash_comment(committed.encode()) not in svg:
                problems.append(f"{svg_path}: stale: rendered from another version of {dot_path} "
                                "(run make diagrams)")
        for file in sorted(os.listdir(directory)) if os.path.isdir(directory) else []:
            if file.endswith(".dot") and file[:-4] not in dots:
                problems.append(f"{os.path.join(directory, file)}: orphan: no @diagram or @classes "
                                "annotation declares it (delete the file, or declare it)")
    if problems:
        print("\n".join(problems), file=err)
        print(f"diagram check: {len(problems)} problem{'s' * (len(problems) != 1)}", file=err)
        return 1
    print(f"diagram check: {len(dots)} diagrams fresh in {directory}", file=out)
    return 0


def write_all(directory, chapter_dirs, out, err):
    dots, _, problems = generate(chapter_dirs)
    if problems:
        print("\n".join(problems), file=err)
        print("diagram generate: nothing written: fix the problems above", file=err)
        return 1
    os.makedirs(directory, exist_ok=True)
    written = 0
    for name, dot in dots.items():
        path = os.path.join(directory, name + ".dot")
        if read(path) != dot:  # unchanged: keep the file's time
            with open(path, "w") as f:
                f.write(dot)
            print(f"wrote {path}", file=out)
            written += 1
    print(f"diagram generate: {len(dots)} diagrams in {directory}, {written} rewritten", file=out)
    return 0


def render(dot_paths, force, out, err):
    status = 0
    for dot_path in dot_paths:
        dot = read(dot_path, "rb")
        if not dot_path.endswith(".dot") or dot is None:
            print(f"diagram render: {dot_path}: not a readable .dot file", file=err)
            status = 1
            continue
        svg_path, stamp = dot_path[:-4] + ".svg", hash_comment(dot)
        if not force and stamp in (read(svg_path) or ""):
            continue
        try:
            svg = subprocess.run(["dot", "-Tsvg", dot_path], capture_output=True, text=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError) as error:
            print(f"diagram render: dot -Tsvg {dot_path} failed: {error}", file=err)
            status = 1
            continue
        first, _, rest = svg.partition("\n")  # the XML declaration stays first
        with open(svg_path, "w") as f:
            f.write(f"{first}\n{stamp}\n{rest}")
        print(f"rendered {svg_path}", file=out)
    return status


USAGE = """usage: tools/diagram generate --out DIR CHAPTER_DIR...
       tools/diagram check --diagrams DIR CHAPTER_DIR...
       tools/diagram render [--force] DOTFILE...

  generate  write DIR/NAME.dot for every @diagram and @classes of the chapters
  check     fail when a .dot in DIR is stale, missing or orphan, or an .svg
            is missing or was rendered from another version of its .dot
  render    x.dot -> x.svg with graphviz, stamped with the .dot's hash
            (an .svg already stamped with it is kept unless --force)
"""


def main(argv=None, out=sys.stdout, err=sys.stderr):
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else None
    if command in ("--help", "help"):
        out.write(USAGE)
        return 0
    if command in ("generate", "check") and len(args) >= 4 and \
            args[1] == ("--out" if command == "generate" else "--diagrams"):
        return (write_all if command == "generate" else check)(args[2], args[3:], out, err)
    if command == "render" and len(args) > 1 + (args[1:2] == ["--force"]):
        force = args[1] == "--force"
        return render(args[1 + force:], force, out, err)
    err.write(f"diagram: {'unknown command or missing arguments' if command else 'which command?'}\n{USAGE}")
    return 2
