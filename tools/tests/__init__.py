"""The tools' tests (python3 -m unittest discover -s tools/tests -t tools)."""
import contextlib
import io
import os
import tempfile
import textwrap

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(TOOLS)


@contextlib.contextmanager
def tree(files):
    """A temporary directory holding files ({path: text}, dedented), made the
    current directory while the block runs."""
    before = os.getcwd()
    with tempfile.TemporaryDirectory() as directory:
        for path, text in files.items():
            full = os.path.join(directory, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w") as f:
                f.write(textwrap.dedent(text).lstrip("\n"))
        os.chdir(directory)
        try:
            yield directory
        finally:
            os.chdir(before)


def run(main, *args):
    """(exit status, stdout, stderr) of a tool's main()."""
    out, err = io.StringIO(), io.StringIO()
    status = main(list(args), out, err)
    return status, out.getvalue(), err.getvalue()


def edit(path, old, new):
    with open(path) as f:
        text = f.read()
    assert old in text, (path, old)
    with open(path, "w") as f:
        f.write(text.replace(old, new, 1))
