"""tools/book — the book's code excerpts, kept equal to the code.

    tools/book refresh BOOK.md
    tools/book check BOOK.md [--out FILE]

An excerpt is

    <!-- code: PATH#NAME -->        (or <!-- code: PATH#NAME annotated -->)
    ```c
    ...
    ```
    <!-- /code -->

NAME is a region (`/*@region NAME */` ... `/*@end NAME */`, the markers
alone on their lines; the body dedented) or a function (its leading
comment, declarator and body). Excerpts read as plain C: region markers and
every annotation comment are left out, unless the excerpt says `annotated`
(the one place in the book that explains annotations).

A copied section (a benchmark's table, a command's output kept in a file) is

    <!-- include: PATH#HEADING -->
    ...
    <!-- /include -->

its body the section of the Markdown file PATH under the `## ` heading that
starts with HEADING, up to the next `## ` heading (blank lines around it
trimmed; one blank line kept on each side, so a table stays a table).

`refresh` rewrites every body from its source, all or nothing, and leaves
the file untouched when nothing changed. `check` fails, one line a problem,
on a stale excerpt, an unknown or ambiguous name, a malformed excerpt or
region marker, a region defined twice, unbalanced or crossed, and, in the
other direction, a region under chapters/ that no excerpt uses; --out FILE
also writes the refreshed book there. Exit: 0 fine, 1 problems, 2 bad usage
or unreadable book.
"""
import os
import re
import sys
import textwrap

from .source import Source

SOURCES_DIR = "chapters"
OPEN = re.compile(r"<!-- code: ([^\s#]+)#([^\s#]+)( annotated)? -->\s*$")


def parse(lines, path):
    """([(line index of the marker, source path, name, annotated, body start, body end)], problems)."""
    excerpts, problems, i = [], [], 0

    def problem(index, message):
        problems.append(f"{path}:{index + 1}: {message}")

    def marker(index, word):
        return index < len(lines) and re.match(rf"<!--\s*{word}", lines[index])

    while i < len(lines):
        if marker(i, "code:"):
            close = next((k for k in range(i + 1, len(lines)) if marker(k, "code:") or marker(k, "/code")), None)
            if close is None or marker(close, "code:"):
                problem(i, "<!-- code: --> without <!-- /code -->")
                i = close if close is not None else len(lines)
                continue
            opened = OPEN.match(lines[i])
            fence = next((k for k in range(i + 2, close) if lines[k].startswith(("```", "~~~"))), None)
            if lines[close].strip() != "<!-- /code -->":
                problem(close, "malformed marker: expected <!-- /code -->")
            elif i + 1 == close or not lines[i + 1].startswith("```"):
                problem(i + 1, "excerpt has no ```c fence on the line after <!-- code: -->")
            elif fence is None:
                problem(i + 1, f"excerpt's code block has no closing ``` before <!-- /code --> (line {close + 1})")
            elif lines[fence].strip() != "```" or fence + 1 != close:
                problem(fence, "excerpt's closing fence must be ``` alone, followed by <!-- /code -->")
            elif not opened:
                problem(i, "malformed marker: expected <!-- code: PATH#NAME --> or "
                        "<!-- code: PATH#NAME annotated -->")
            else:
                excerpts.append((i, opened.group(1), opened.group(2), bool(opened.group(3)), i + 2, fence))
            i = close + 1
        elif marker(i, "/code"):
            problem(i, "<!-- /code --> without its <!-- code: -->")
            i += 1
        elif lines[i].startswith(("```", "~~~")):
            fence = re.match(r"(`+|~+)", lines[i]).group(1)
            end = next((k for k in range(i + 1, len(lines))
                        if lines[k].strip().startswith(fence) and not lines[k].strip().strip(fence[0])), None)
            if end is None:
                problem(i, "code block is never closed")
            i = len(lines) if end is None else end + 1
        else:
            i += 1
    return excerpts, problems


def body(source, name, annotated):
    """The excerpt's lines, or raise ValueError(why)."""
    region = source.regions.get(name)
    functions = [f for f in source.functions if f.name == name]
    if region and functions:
        raise ValueError(f"'{name}' is both a region (line {region[0]}) and a function (line "
                         f"{functions[0].first}) in {source.path}: rename one")
    if region:
        return textwrap.dedent("\n".join(source.excerpt_lines(region[0] + 1, region[1] - 1, annotated))).split("\n")
    if len(functions) > 1:
        raise ValueError(f"function '{name}' is defined {len(functions)} times in {source.path} "
                         f"(first at line {functions[0].first})")
    if functions:
        return source.excerpt_lines(functions[0].comment, functions[0].close, annotated)
    raise ValueError(f"no region or function named '{name}' in {source.path}")


INCLUDE = re.compile(r"<!-- include: ([^#]+)#(.+?) -->\s*$")


def section(path, heading):
    """The lines under the `## ` heading of Markdown file path that starts with heading."""
    with open(path) as f:
        lines = f.read().split("\n")
    starts = [i for i, line in enumerate(lines) if line.startswith("## ")]
    found = [i for i in starts if lines[i][3:].startswith(heading)]
    if len(found) != 1:
        raise ValueError(f"{path} has {len(found)} sections whose heading starts with '{heading}' (needs one)")
    end = next((i for i in starts if i > found[0]), len(lines))
    body = lines[found[0] + 1:end]
    while body and not body[0].strip():
        body.pop(0)
    while body and not body[-1].strip():
        body.pop()
    return [""] + body + [""]


def includes(lines, book_path, checking):
    """(lines with every included section refreshed, problems, count, stale)."""
    out, problems, count, stale, i = [], [], 0, 0, 0
    while i < len(lines):
        opened = INCLUDE.match(lines[i])
        if not opened:
            if lines[i].startswith("<!-- include:"):
                problems.append(f"{book_path}:{i + 1}: malformed marker: expected <!-- include: PATH#HEADING -->")
            elif lines[i].strip() == "<!-- /include -->":
                problems.append(f"{book_path}:{i + 1}: <!-- /include --> without its <!-- include: -->")
            out.append(lines[i])
            i += 1
            continue
        close = next((k for k in range(i + 1, len(lines)) if lines[k].strip() == "<!-- /include -->"), None)
        if close is None:
            problems.append(f"{book_path}:{i + 1}: <!-- include: --> without <!-- /include -->")
            out += lines[i:]
            break
        count += 1
        try:
            fresh = section(opened.group(1), opened.group(2))
        except OSError as error:
            problems.append(f"{book_path}:{i + 1}: cannot read {opened.group(1)}: {error.strerror}")
            fresh = lines[i + 1:close]
        except ValueError as why:
            problems.append(f"{book_path}:{i + 1}: {why}")
            fresh = lines[i + 1:close]
        if fresh != lines[i + 1:close]:
            stale += 1
            if checking:
                problems.append(f"{book_path}:{i + 1}: section {opened.group(1)}#{opened.group(2)} is stale; "
                                f"run `make book`")
        out += [lines[i]] + fresh + [lines[close]]
        i = close + 1
    return out, problems, count, stale


def run(book_path, checking):
    """(refreshed text, problems, excerpt count, stale count, used regions, sources)."""
    with open(book_path) as f:
        text = f.read()
    lines = text.split("\n")
    excerpts, problems = parse(lines, book_path)
    sources, used, stale, out, copied = {}, set(), 0, [], 0
    for index, path, name, annotated, begin, end in excerpts:
        out += lines[copied:begin]
        copied = end
        if path not in sources:
            try:
                sources[path] = Source(path)
            except OSError as error:
                problems.append(f"{book_path}:{index + 1}: cannot read {path}: {error.strerror}")
                sources[path] = None
            else:
                problems += [f"{book_path}:{index + 1}: {p}" for p in sources[path].region_problems]
        source = sources[path]
        try:
            if source is None:
                raise ValueError(None)
            used.add((os.path.realpath(path), name))
            fresh = body(source, name, annotated)
        except ValueError as why:
            if why.args[0]:
                problems.append(f"{book_path}:{index + 1}: {why}")
            out += lines[begin:end]
            continue
        if fresh != lines[begin:end]:
            stale += 1
            if checking:
                first = next((k for k in range(max(len(fresh), end - begin))
                              if k >= len(fresh) or k >= end - begin or fresh[k] != lines[begin + k]))
                problems.append(f"{book_path}:{index + 1}: excerpt {path}#{name} is stale (first "
                                f"difference at line {begin + first + 1}); run `make book`")
        out += fresh
    out += lines[copied:]
    out, more, included, stale_sections = includes(out, book_path, checking)
    return "\n".join(out), problems + more, len(excerpts) + included, stale + stale_sections, used, sources


def unused_regions(book_path, used, read):
    problems, regions, files = [], 0, 0
    for directory, subdirs, names in sorted(os.walk(SOURCES_DIR)):
        subdirs.sort()
        for name in sorted(names):
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(directory, name)
            source = next((s for p, s in read.items() if s and os.path.realpath(p) == os.path.realpath(path)),
                          None)
            if source is None:
                source = Source(path)
                problems += source.region_problems
            files += 1
            regions += len(source.regions)
            for region, (line, _) in source.regions.items():
                if (os.path.realpath(path), region) not in used:
                    problems.append(f"{path}:{line}: region '{region}' is used by no excerpt in {book_path}")
    return problems, regions, files


USAGE = f"""usage: tools/book refresh BOOK.md
       tools/book check BOOK.md [--out FILE]
  refresh  rewrite every excerpt body from its source (the file is left
           untouched when nothing changes)
  check    fail, one line per problem, unless every excerpt is fresh and
           every region under {SOURCES_DIR}/ is used; --out FILE also
           writes the refreshed book to FILE
"""


def main(argv=None, out=sys.stdout, err=sys.stderr):
    args = sys.argv[1:] if argv is None else argv
    if args[:1] in (["--help"], ["-h"]):
        out.write(USAGE)
        return 0
    command, rest = (args[0], args[1:]) if args else (None, [])
    out_path = None
    if command == "check" and len(rest) == 3 and rest[1] == "--out":
        out_path, rest = rest[2], rest[:1]
    if command not in ("refresh", "check") or len(rest) != 1 or rest[0].startswith("-"):
        err.write(USAGE)
        return 2
    book_path = rest[0]
    try:
        text, problems, count, stale, used, read = run(book_path, command == "check")
    except OSError as error:
        print(f"book: cannot read {book_path}: {error.strerror}", file=err)
        return 2
    if command == "refresh":
        if problems:
            print("\n".join(problems), file=err)
            print(f"book: {book_path} not rewritten: {len(problems)} problem(s) above", file=err)
            return 1
        if stale:
            with open(book_path + ".tmp", "w") as f:
                f.write(text)
            os.replace(book_path + ".tmp", book_path)
            print(f"{book_path}: refreshed {stale} of {count} excerpts", file=out)
        else:
            print(f"{book_path}: all {count} excerpts fresh, file untouched", file=out)
        return 0
    more, regions, files = unused_regions(book_path, used, read)
    problems += more
    if out_path:
        with open(out_path, "w") as f:
            f.write(text)
    if problems:
        print("\n".join(dict.fromkeys(problems)), file=err)
        return 1
    print(f"{book_path}: OK: excerpts {count}, all fresh; regions under {SOURCES_DIR}/ {regions} "
          f"(in {files} files), all used", file=out)
    return 0
