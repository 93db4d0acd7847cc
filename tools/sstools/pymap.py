"""pymap — the map from Python's socketserver to the C library, checked.

    tools/pymap list                 every name of Lib/socketserver.py
    tools/pymap check book.md CHAPTER_DIR...

The book keeps a table between `<!-- map -->` and `<!-- /map -->`: one row
per class, method and attribute of CPython's Lib/socketserver.py, with its
C twin and where the book explains it:

    | Python | C | where |
    |---|---|---|
    | `BaseServer.serve_forever` | `ss_serve_forever` | chapter 3 |

The Python names are read from the socketserver module of the python3
running this tool (its source, with ast: nothing is imported from it but
its file name), so the check speaks of the Python on this machine: it fails
when Python has a name the table does not account for, when a row names a
Python name that does not exist, when a `ss_...` name in the C column is
defined nowhere in the chapters, or when a row says nowhere where it is
explained. A C column of `—` is allowed: the "where" column then says why.
"""
import argparse
import ast
import os
import re
import socketserver
import sys

MAP_START, MAP_END = '<!-- map -->', '<!-- /map -->'
C_NAME = re.compile(r'`(ss_[A-Za-z0-9_]+)')
MODULE_NOISE = {'__all__', '__version__'}


def python_names(source=None):
    """The module's names, sorted: 'Class', 'Class.method', 'Class.attribute'
    (class attributes, and instance attributes its methods assign to self),
    and module-level functions and constants."""
    if source is None:
        with open(socketserver.__file__, encoding='utf-8') as file:
            source = file.read()
    names = set()

    def visit_class(node, prefix=''):
        qualified = prefix + node.name
        names.add(qualified)
        for item in node.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names.add(f'{qualified}.{item.name}')
                for inner in ast.walk(item):
                    targets = inner.targets if isinstance(inner, ast.Assign) else (
                        [inner.target] if isinstance(inner, (ast.AnnAssign, ast.AugAssign)) else [])
                    for target in targets:
                        if (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                                and target.value.id == 'self'):
                            names.add(f'{qualified}.{target.attr}')
            elif isinstance(item, ast.Assign):
                for target in item.targets:
                    if isinstance(target, ast.Name):
                        names.add(f'{qualified}.{target.id}')
            elif isinstance(item, ast.ClassDef):
                visit_class(item, qualified + '.')

    def visit_body(body):
        for node in body:
            if isinstance(node, ast.ClassDef):
                visit_class(node)
            elif isinstance(node, ast.If):  # `if hasattr(os, "fork"):` and the like
                visit_body(node.body)
                visit_body(node.orelse)
            elif isinstance(node, ast.FunctionDef):
                names.add(node.name)
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name) and target.id not in MODULE_NOISE:
                        names.add(target.id)

    visit_body(ast.parse(source).body)
    return sorted(names)


def map_rows(book_text):
    """[(line number, python name, c column, where column)] of the map table."""
    start, end = book_text.find(MAP_START), book_text.find(MAP_END)
    if start == -1 or end == -1 or end < start:
        raise ValueError(f'the book has no {MAP_START} ... {MAP_END} table')
    first_line = book_text.count('\n', 0, start) + 1
    rows = []
    for offset, line in enumerate(book_text[start:end].splitlines()):
        cells = [cell.strip() for cell in line.strip().strip('|').split('|')]
        if not line.strip().startswith('|') or len(cells) < 3:
            continue
        if set(cells[0]) <= set('-: ') or cells[0].lower() == 'python':
            continue  # the header row and its rule
        rows.append((first_line + offset, cells[0].strip('`'), cells[1], cells[2]))
    return rows


def c_definitions(chapter_dirs):
    """Every ss_ identifier the chapters' .c and .h files mention in a
    definition or declaration position (a cheap, generous reading: any
    ss_name followed by '(' or '=' or ';' or ',' or '[' or ')')."""
    defined = set()
    pattern = re.compile(r'\b(ss_[A-Za-z0-9_]+)\s*[(=;,\[)]|#define\s+(ss_[A-Za-z0-9_]+)')
    for directory in chapter_dirs:
        for name in os.listdir(directory):
            if name.endswith(('.c', '.h')):
                with open(os.path.join(directory, name), encoding='utf-8') as file:
                    for match in pattern.finditer(file.read()):
                        defined.add(match.group(1) or match.group(2))
    return defined


def check(book_text, chapter_dirs, names=None):
    """The problems, as 'book.md:LINE: ...' lines; [] when the map is whole."""
    names = python_names() if names is None else names
    defined = c_definitions(chapter_dirs)
    problems, seen = [], {}
    for line, python, c_column, where in map_rows(book_text):
        if python in seen:
            problems.append(f'book.md:{line}: {python} is mapped twice (first on line {seen[python]})')
        seen[python] = line
        if python not in names:
            problems.append(f'book.md:{line}: {python} is not a name of this Python\'s socketserver')
        for c_name in C_NAME.findall(c_column):
            if c_name not in defined:
                problems.append(f'book.md:{line}: {c_name} is defined in no chapter')
        if not where or where in {'-', '—'}:
            problems.append(f'book.md:{line}: {python}: the row does not say where it is explained')
    for name in names:
        if name not in seen:
            problems.append(f'book.md: the map does not account for Python\'s {name}')
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(prog='pymap', description=__doc__.split('\n')[0])
    commands = parser.add_subparsers(dest='command', required=True)
    commands.add_parser('list', help="every name of this Python's socketserver")
    checking = commands.add_parser('check', help='the book\'s map against Python and the chapters')
    checking.add_argument('book')
    checking.add_argument('chapter_dirs', nargs='+')
    options = parser.parse_args(argv)
    if options.command == 'list':
        print('\n'.join(python_names()))
        return 0
    try:
        with open(options.book, encoding='utf-8') as file:
            problems = check(file.read(), options.chapter_dirs)
    except (OSError, ValueError) as error:
        print(f'pymap: {error}', file=sys.stderr)
        return 1
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f'pymap: {options.book}\'s map accounts for all {len(python_names())} names of '
              f'this Python\'s socketserver')
    return 1 if problems else 0

