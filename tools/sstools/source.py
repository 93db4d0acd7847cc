"""The chapters' C sources, read once for every tool.

A Source holds a file's text and what the tools find in it:

- code: the text with every comment blanked (same length, same lines), so
  what looks like code in a comment is never taken for code; `bare` blanks
  the string and character literals too.
- functions: a definition opens with `{` alone in column 0 and closes with
  `}` alone in column 0; its name is the identifier before the first `(` of
  the declarator lines just above the `{`. A body whose first statement is
  SS_TRACE("Class", "method"); is the method Class.method.
- annotations: the comments starting with slash-star-at (README,
  "Contributing"): `-> callee [label]`, `~> callee [label]`,
  `diagram NAME root=FUNC [server=CLASS] [handler=CLASS] "Title"`,
  `classes NAME "Title"`, `region NAME`, `end NAME`, `wrap ...`.
- regions: `/*@region NAME */` ... `/*@end NAME */`, each alone on its line.
- tables: class tables, `[static ]const ss_<kind>_class SYMBOL = { .f = v, ... };`
  starting in column 0.

Problems (a function without its closing brace, a malformed annotation or
region, an unknown annotation) are kept as "path:line: message" strings;
the tool that reads the file decides whether they matter to it.
"""
import re
from dataclasses import dataclass, field

IDENT = r"[A-Za-z_]\w*"
KEYWORDS = {"if", "while", "for", "switch", "return", "sizeof", "_Alignof", "_Generic", "void",
            "char", "short", "int", "long", "float", "double", "signed", "unsigned", "_Bool"}


@dataclass
class Function:
    name: str
    static: bool
    comment: int  # 1-based line numbers: its leading comment, declarator, braces
    first: int
    open: int
    close: int
    trace: tuple = None  # ("Class", "method") from its SS_TRACE


@dataclass
class Annotation:
    line: int
    column: int
    body: str  # between "/*@" and "*/", stripped
    alone: bool  # nothing else on its line(s)


@dataclass
class Call:  # -> callee [label], or ~> for a start elsewhere (thread, process)
    line: int
    column: int
    kind: str  # "function", "self" or "super"
    callee: str
    label: str = None
    elsewhere: bool = False


@dataclass
class Table:
    symbol: str
    name: str
    static: bool
    line: int
    base: str = None   # the symbols of .base and .mixin
    mixin: str = None
    fields: list = field(default_factory=list)  # (field, value text, line): the others


def chapter_of(path):
    match = re.search(r"(?:^|/)(\d+)-[^/]*/(?:programs/)?[^/]*$", path)
    return int(match.group(1)) if match else 0


def blank_comments(text, blank_strings=False):
    """The text with comments (and, if asked, literals) made spaces; the
    offsets where the block comments start."""
    out, starts, i, n = list(text), [], 0, len(text)
    while i < n:
        c, two = text[i], text[i:i + 2]
        if two in ("/*", "//"):
            end = text.find("*/", i + 2) + 2 if two == "/*" else text.find("\n", i)
            end = n if end in (1, -1) else end
            if two == "/*":
                starts.append(i)
            for j in range(i, end):
                if out[j] != "\n":
                    out[j] = " "
            i = end
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            if blank_strings:
                for k in range(i + 1, min(j, n)):
                    out[k] = " "
            i = j + 1
        else:
            i += 1
    return "".join(out), starts


class Source:
    def __init__(self, path, text=None):
        self.path = path
        self.chapter = chapter_of(path)
        self.is_program = "/programs/" in "/" + path
        if text is None:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        self.text = text
        self.lines = text.split("\n")
        self.code, self._comment_starts = blank_comments(text)
        self.code_lines = self.code.split("\n")
        self.bare = blank_comments(text, blank_strings=True)[0]
        self.problems = []
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.functions = self._find_functions()
        self.annotations = self._find_annotations()
        self.calls = []
        self.diagrams = []  # (kind, name, options dict, title, line)
        self._read_annotations()
        self.region_problems = []  # the book's business
        self.regions = self._find_regions()
        self.tables = self._find_tables()

    def problem(self, line, message):
        self.problems.append(f"{self.path}:{line}: {message}")

    def line_at(self, offset):
        low, high = 0, len(self._line_starts)
        while high - low > 1:
            mid = (low + high) // 2
            low, high = (mid, high) if self._line_starts[mid] <= offset else (low, mid)
        return low + 1

    def offset(self, line):
        return self._line_starts[line - 1]

    # ---- functions
    def _find_functions(self):
        found, code, n = [], self.code_lines, len(self.code_lines)
        line = 1
        while line <= n:
            if code[line - 1].rstrip() != "{":
                line += 1
                continue
            first = line
            while first > 1:
                above = code[first - 2].strip()
                if not above or above.startswith("#") or above[-1] in ";{}":
                    break
                first -= 1
            declarator = " ".join(code[first - 1:line - 1])
            name, static = declared_name(declarator)
            if first == line or code[first - 1][:1].isspace() or name is None:
                line += 1
                continue
            close = next((k for k in range(line + 1, n + 1) if code[k - 1].rstrip() == "}"), None)
            inner = next((k for k in range(line + 1, close or n + 1) if code[k - 1].rstrip() == "{"), None)
            if close is None or inner is not None:
                self.problem(inner or line, f"function {name} has no closing '}}' alone in column 0"
                             + (f" before another '{{' in column 0" if inner else ""))
                line += 1
                continue
            function = Function(name, static, self._leading_comment(first), first, line, close)
            function.trace = self._trace_point(function)
            found.append(function)
            line = close + 1
        return found

    def _leading_comment(self, first):
        while first > 1:
            raw, code = self.lines[first - 2].strip(), self.code_lines[first - 2].strip()
            if not raw or code or raw.startswith("/*@"):
                break
            first -= 1
        # a block comment's first line must have been reached: "/*" starts it
        while first < len(self.lines) and self.lines[first - 1].strip().startswith("*"):
            first += 1
        return first

    def _trace_point(self, function):
        body = self.code[self.offset(function.open + 1):self.offset(function.close)]
        match = re.match(r'\s*SS_TRACE\s*\(\s*"(\w+)"\s*,\s*"(\w+)"\s*\)\s*;', body)
        if match:
            return match.group(1), match.group(2)
        bare = self.bare[self.offset(function.open + 1):self.offset(function.close)]
        misplaced = re.search(r"\bSS_TRACE\s*\(", bare)
        if misplaced:
            line = self.line_at(self.offset(function.open + 1) + misplaced.start())
            self.problem(line, f"SS_TRACE in {function.name} is not its first statement, written "
                         f'SS_TRACE("Class", "method"); so it cannot name its diagram node')
        return None

    def function_at(self, line):
        return next((f for f in self.functions if f.open < line < f.close), None)

    # ---- annotations
    def _find_annotations(self):
        found = []
        for start in self._comment_starts:
            if not self.text.startswith("/*@", start):
                continue
            end = self.text.find("*/", start)
            line = self.line_at(start)
            if end == -1:
                self.problem(line, "annotation without its closing '*/'")
                continue
            line_start = self.offset(line)
            line_end = self.text.find("\n", end)
            line_end = len(self.text) if line_end == -1 else line_end
            alone = not self.text[line_start:start].strip() and not self.text[end + 2:line_end].strip()
            found.append(Annotation(line, start - line_start, self.text[start + 3:end].strip(), alone))
        return found

    def _read_annotations(self):
        for a in self.annotations:
            keyword = re.match(r"(->|~>|\w+)", a.body)
            word = keyword.group(1) if keyword else ""
            if word in ("->", "~>"):
                self._read_call(a, word == "~>")
            elif word in ("diagram", "classes"):
                self._read_diagram(a, word)
            elif word not in ("region", "end", "wrap"):
                self.problem(a.line, f"unknown annotation /*@{a.body[:20]}: expected -> or ~> or "
                             "diagram, classes, region, end, wrap")

    def _read_call(self, a, elsewhere):
        match = re.fullmatch(rf"[-~]>\s*(?:(self|super)\.)?({IDENT})\s*(?:\[([^\]]*)\])?", a.body)
        if not match:
            self.problem(a.line, f"cannot read the call annotation '{a.body}': write -> callee "
                         "[label], the callee a function, self.method or super.method")
        elif match.group(3) is not None and not match.group(3).strip():
            self.problem(a.line, "empty label '[]'")
        elif self.function_at(a.line) is None:
            self.problem(a.line, "call annotation outside any function: put it inside the "
                         "function that calls")
        else:
            label = match.group(3).strip() if match.group(3) else None
            self.calls.append(Call(a.line, a.column, match.group(1) or "function", match.group(2),
                                   label, elsewhere))

    def _read_diagram(self, a, kind):
        match = re.fullmatch(r'(diagram|classes)\s+([\w.-]+)((?:\s+\w+=\S+)*)\s+"([^"]*)"', a.body)
        options = dict(re.findall(r"(\w+)=(\S+)", match.group(3))) if match else {}
        allowed = {"root", "server", "handler"} if kind == "diagram" else set()
        if not match or match.group(2).startswith(".") or set(options) - allowed:
            self.problem(a.line, f"write /*@{kind} NAME "
                         + ('root=FUNC [server=CLASS] [handler=CLASS] ' if kind == "diagram" else "")
                         + '"Title" */')
        elif kind == "diagram" and "root" not in options:
            self.problem(a.line, f"@diagram {match.group(2)} has no root=FUNCTION")
        else:
            self.diagrams.append((kind, match.group(2), options, match.group(4), a.line))

    # ---- regions
    def _find_regions(self):
        """name -> (start line, end line) of its markers; defects are problems."""
        done, opened = {}, []
        for a in self.annotations:
            match = re.fullmatch(r"(region|end)\s+(\S+)", a.body)
            if not re.match(r"(region|end)\b", a.body):
                continue
            if not match or not a.alone:
                self._region_problem(a.line, "malformed region marker: expected /*@region NAME */ or "
                             "/*@end NAME */ alone on its line")
                continue
            what, name = match.groups()
            if what == "region":
                first = done[name][0] if name in done else next((o[1] for o in opened if o[0] == name), None)
                if first:
                    self._region_problem(a.line, f"region '{name}' is defined twice (first at line {first})")
                opened.append((name, a.line))
                continue
            at = next((i for i in range(len(opened) - 1, -1, -1) if opened[i][0] == name), None)
            if at is None:
                self._region_problem(a.line, f"/*@end {name} */ without its /*@region {name} */")
                continue
            if at < len(opened) - 1:
                inner = opened[-1]
                self._region_problem(a.line, f"region '{name}' ends while region '{inner[0]}' (line "
                             f"{inner[1]}), which starts inside it, is still open: the markers cross")
            done.setdefault(name, (opened.pop(at)[1], a.line))
        for name, line in opened:
            self._region_problem(line, f"region '{name}' is never ended (no /*@end {name} */)")
        return done

    def _region_problem(self, line, message):
        self.region_problems.append(f"{self.path}:{line}: {message}")

    # ---- class tables
    def _find_tables(self):
        tables = []
        start = re.compile(rf"^(static\s+)?const\s+(ss_\w+_class)\s+({IDENT})\s*=\s*\{{", re.M)
        for match in start.finditer(self.code):
            line = self.line_at(match.start())
            table = Table(match.group(3), None, bool(match.group(1)), line)
            at, depth, item, items = match.end(), 0, match.end(), []
            while at < len(self.code):
                c = self.code[at]
                if c == '"':
                    at = re.compile(r'"(?:\\.|[^"\\\n])*"?').match(self.code, at).end() - 1
                elif c in "([{":
                    depth += 1
                elif c in ")]}" and depth:
                    depth -= 1
                elif c in ",}":
                    items.append((item, at))
                    item = at + 1
                    if c == "}":
                        break
                at += 1
            for begin, end in items:
                text = self.code[begin:end]
                if not text.strip():
                    continue
                field_line = self.line_at(begin + len(text) - len(text.lstrip()))
                part = re.fullmatch(rf"\s*\.({IDENT})\s*=\s*(.*?)\s*", text, re.S)
                if not part:
                    self.problem(field_line, f"class table {table.symbol}: write every field as "
                                 ".field = value")
                    continue
                name, value = part.group(1), " ".join(part.group(2).split())
                if name == "name":
                    table.name = value.strip('"')
                elif name in ("base", "mixin") and value != "NULL":
                    symbol = re.fullmatch(rf"&({IDENT})", value)
                    if not symbol:
                        self.problem(field_line, f"class table {table.symbol}: .{name} must be "
                                     "&SYMBOL of a class table, or NULL")
                    setattr(table, name, symbol.group(1) if symbol else None)
                elif name not in ("base", "mixin"):
                    table.fields.append((name, value, field_line))
            if table.name is None:
                self.problem(line, f'class table {table.symbol} has no .name = "..."')
            else:
                tables.append(table)
        return tables

    # ---- for the book: the text an excerpt shows
    def excerpt_lines(self, first, last, annotated=False):
        """Lines first..last (1-based, inclusive) as the book shows them: the
        region markers left out and, unless annotated, every annotation
        comment (a line holding nothing else disappears)."""
        shown = []
        for number in range(first, last + 1):
            line = self.lines[number - 1]
            marks = [a for a in self.annotations if a.line == number]
            if any(re.match(r"(region|end)\b", a.body) for a in marks):
                continue
            if not annotated and marks:
                line = re.sub(r"\s*/\*@.*?\*/", "", line).rstrip()
                if not line.strip():
                    continue
            shown.append(line)
        return shown


def declared_name(declarator):
    """The function a declarator declares, and whether it is static; (None, _)
    when it declares none (data with an initializer, a struct)."""
    declarator = re.sub(r"__attribute__\s*\(\(.*?\)\)", " ", declarator)
    static = re.search(r"\bstatic\b", declarator) is not None
    match = re.match(rf"[^=;(]*?({IDENT})\s*\(", declarator)
    if not match or match.group(1) in KEYWORDS:
        return None, static
    return match.group(1), static


def read_chapters(chapter_dirs):
    """Every source of the chapters: NN-slug/*.[ch] and NN-slug/programs/*.[ch],
    chapter by chapter, each directory's files by name."""
    import os
    sources = []
    for directory in chapter_dirs:
        directory = directory.rstrip("/")
        for sub in (directory, os.path.join(directory, "programs")):
            if os.path.isdir(sub):
                for name in sorted(os.listdir(sub)):
                    if name.endswith((".c", ".h")) and not name.startswith("."):
                        sources.append(Source(os.path.join(sub, name)))
    return sources


# ---- declarations: what a header promises (tools/contracts reads them)
@dataclass
class Comment:
    first: int  # 1-based lines of "/*" and "*/"
    last: int
    text: str
    annotation: bool  # /*@ ... */: for the tools, not a reader's comment
    alone: bool  # nothing but blanks before it on its first line


@dataclass
class Declaration:
    name: str
    kind: str  # function, inline, macro, type, variable, member, enumerator
    first: int  # 1-based lines it spans
    last: int
    own: tuple  # the lines that are "its line" for a comment beside it
    parent: str = None  # the struct, union or enum of a member


CONDITIONAL = re.compile(r"\s*#\s*(if|ifdef|ifndef|elif|else|endif)\b")


def source_comments(source):
    """Every block comment of a Source, as Comment records, in order."""
    found = []
    for start in source._comment_starts:
        end = source.text.find("*/", start + 2)
        end = len(source.text) if end == -1 else end + 2
        first, last = source.line_at(start), source.line_at(end - 1)
        alone = not source.text[source.offset(first):start].strip()
        found.append(Comment(first, last, source.text[start:end], source.text.startswith("/*@", start), alone))
    return found


def declared_identifier(text):
    """The name a declaration (comments and bodies blanked) declares: a
    function pointer's, a function's, else the last identifier before any
    array bound or initializer."""
    text = re.sub(r"__attribute__\s*\(\(.*?\)\)", " ", text, flags=re.S)
    pointer = re.match(rf"[^(]*\(\s*\*\s*({IDENT})\s*\)\s*\(", text, re.S)
    if pointer:
        return pointer.group(1)
    function = re.match(rf"[^(=]*?({IDENT})\s*\(", text, re.S)
    if function and function.group(1) not in KEYWORDS:
        return function.group(1)
    names = re.findall(IDENT, re.sub(r"\[[^\]]*\]|=.*", " ", text, flags=re.S))
    return names[-1] if names else None


def source_declarations(source):
    """The declarations of a Source (a header, in practice), in order: each
    #define but an include guard, each file-scope declaration (function,
    variable, typedef, struct/union/enum) and each member of a struct, union
    or enum defined at file scope, each inline function (column-0 rule)."""
    lines, found = source.bare.split("\n"), []
    text = list(source.bare)
    hidden = set()  # lines already accounted for: directives, function bodies
    for f in source.functions:
        found.append(Declaration(f.name, "inline", f.first, f.open, tuple(range(f.first, f.open + 1))))
        hidden.update(range(f.first, f.close + 1))
    guard = None
    number = 1
    while number <= len(lines):
        if number in hidden or not lines[number - 1].lstrip().startswith("#"):
            number += 1
            continue
        first = number
        while lines[number - 1].rstrip().endswith("\\") and number < len(lines):
            number += 1
        directive = " ".join(lines[k - 1].rstrip("\\") for k in range(first, number + 1))
        hidden.update(range(first, number + 1))
        ifndef = re.match(rf"\s*#\s*ifndef\s+({IDENT})\s*$", directive)
        define = re.match(rf"\s*#\s*define\s+({IDENT})(.*)$", directive)
        if define and not (define.group(1) == guard and not define.group(2).strip()):
            found.append(Declaration(define.group(1), "macro", first, number, tuple(range(first, number + 1))))
        guard = ifndef.group(1) if ifndef else None
        number += 1
    for number in hidden:
        start = source.offset(number)
        for k in range(start, start + len(lines[number - 1])):
            text[k] = " "
    text = "".join(text)
    depth, start, body = 0, None, None
    for at, c in enumerate(text):
        if c.isspace():
            continue
        if start is None:
            start = at
        if c in "([{":
            depth += 1
            if c == "{" and depth == 1:
                body = [at, None]
        elif c in ")]}":
            depth -= 1
            if c == "}" and depth == 0 and body:
                body[1] = at
        elif c == ";" and depth == 0:
            found += _statement(source, text, start, at, body)
            start, body = None, None
    return sorted(found, key=lambda d: d.first)


def _statement(source, text, start, end, body):
    first, last = source.line_at(start), source.line_at(end)
    head = text[start:end] if not body else text[start:body[0]] + " " + text[body[1] + 1:end]
    name = declared_identifier(head)
    if name is None:
        return []
    words = head.split()
    if body:
        kind, own = "type", (first, source.line_at(body[1]))
    else:
        kind, own = "variable", tuple(range(first, last + 1))
        if words[0] == "typedef":
            kind = "type"
        elif re.match(rf"[^(=]*?{IDENT}\s*\(", head, re.S) and not re.match(r"[^(]*\(\s*\*", head):
            kind = "function"
    found = [Declaration(name, kind, first, last, own)]
    if body:
        enum = re.search(r"\benum\b", text[start:body[0]]) is not None
        found += _members(source, text, body[0] + 1, body[1], "," if enum else ";",
                          "enumerator" if enum else "member", name)
    return found


def _members(source, text, begin, end, separator, kind, parent):
    members, depth, start = [], 0, None
    for at in range(begin, end + 1):
        c = text[at] if at < end else separator
        if c.isspace():
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == separator and depth == 0:
            if start is not None:
                name = declared_identifier(text[start:at])
                first, last = source.line_at(start), source.line_at(at if at < end else at - 1)
                if name:
                    members.append(Declaration(name, kind, first, last, tuple(range(first, last + 1)), parent))
            start = None
            continue
        if start is None:
            start = at
    return members
