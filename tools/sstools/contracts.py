"""contracts — every declaration a program can see says what it promises.

    tools/contracts [--umbrella lib/socketserver.h] CHAPTER_DIR...

The installed headers are lib/socketserver.h and the chapter headers it
includes (`make install` copies exactly those). In them, every declaration —
function, inline function, macro, type, extern variable, struct member
(a class table's method slot is one), enumerator — carries its contract:
a comment directly before it, or on its line, in the manner of CPython's
docstrings ("Called by constructor to bind the socket. May be overridden.").
"Directly before" allows only /*@ annotations and #if/#endif lines between;
a comment that documents the declaration above does not count for the one
below. A name that starts with `ss__` is internal — in an installed header
only because a public macro or struct needs it — and its comment must say
"internal". The headers are read with sstools.source, as every tool reads C.

Exit status: 0 all documented; 1 some declaration is not (each named as
file:line); 2 a header cannot be found or read.
"""
import argparse
import os
import re
import sys

from .source import CONDITIONAL, Source, source_comments, source_declarations

LOCAL_INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def installed_headers(umbrella, chapter_dirs):
    """The umbrella, then the headers it includes, found in chapter_dirs."""
    with open(umbrella, encoding="utf-8") as f:
        names = LOCAL_INCLUDE.findall(f.read())
    paths = [umbrella]
    for name in names:
        found = [os.path.join(d, name) for d in chapter_dirs if os.path.isfile(os.path.join(d, name))]
        if not found:
            raise ValueError(f'{umbrella} includes "{name}", which no chapter has')
        paths.append(found[0])
    return paths


def contract(source, comments, declaration):
    """The comment that states declaration's contract, or None."""
    beside = [c for c in comments if not c.annotation
              and (c.first in declaration.own or c.last in declaration.own)]
    if beside:
        return beside[0]
    line = declaration.first - 1
    while line >= 1 and (CONDITIONAL.match(source.lines[line - 1])
                         or any(c.annotation and c.first <= line <= c.last for c in comments)):
        line -= 1
    if line < 1 or source.code_lines[line - 1].strip():
        return None
    return next((c for c in comments if c.last == line and c.alone and not c.annotation), None)


def problems(path, text=None):
    """(count of declarations, ["path:line: message", ...]) for one header."""
    source = Source(path, text)
    comments = source_comments(source)
    found = []
    declarations = source_declarations(source)
    for declaration in declarations:
        what = declaration.name if not declaration.parent else f"{declaration.parent}.{declaration.name}"
        comment = contract(source, comments, declaration)
        if comment is None:
            found.append(f"{path}:{declaration.first}: {declaration.kind} {what} has no contract: "
                         "say what it does in a comment just before it or on its line")
        elif declaration.name.startswith("ss__") and "internal" not in comment.text.lower():
            found.append(f"{path}:{declaration.first}: {what} is internal (ss__): its comment must "
                         "say so (\"internal: ...; not for programs\")")
    return len(declarations), found


def main(argv=None, out=sys.stdout, err=sys.stderr):
    parser = argparse.ArgumentParser(prog="contracts", description=__doc__.split("\n")[0])
    parser.add_argument("--umbrella", default="lib/socketserver.h")
    parser.add_argument("chapter_dirs", nargs="+")
    options = parser.parse_args(argv)
    try:
        headers = installed_headers(options.umbrella, options.chapter_dirs)
        results = [problems(path) for path in headers]
    except (OSError, ValueError, UnicodeDecodeError) as error:
        print(f"contracts: {error}", file=err)
        return 2
    bad = [line for _, found in results for line in found]
    for line in bad:
        print(line, file=err)
    total = sum(count for count, _ in results)
    if bad:
        print(f"contracts: {len(bad)} of {total} declarations in the {len(headers)} installed "
              "headers have no contract", file=err)
        return 1
    print(f"contracts: {total} declarations in {len(headers)} installed headers, each with its "
          "contract", file=out)
    return 0
