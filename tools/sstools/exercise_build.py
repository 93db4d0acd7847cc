"""One exercise: its files, what the repository lacks around it, and its check.

    exercises/NN-slug/K-name.c                    the learner's stub (says TO-DO)
    exercises/NN-slug/K-name.test.c               its cmocka test
    exercises/NN-slug/K-name.hint.md              its hint
    exercises/solutions/NN-slug/K-name.c          the reference solution
    exercises/solutions/NN-slug/K-name.mistake.c  optional: the stub completed
                                                  with the mistake the hint warns of

An exercise is known by any one of its files, so that a missing or misnamed one
is reported instead of silently skipped. The Makefile builds it (a black box
here: `make BUILD/exercises/NN-slug/K-name.learner`, `.solution` or `.mistake`,
with chapter NN's include paths and objects only) and its test binary runs in
the repository with a time limit. `explain` turns the output of a failure into
the few lines a learner needs: cmocka's messages, or the compiler's errors.
"""
import os
import re
import signal
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

# Spelled in two pieces so that a search of the repository for unfinished work
# does not find this tool.
MARKER = "TO" "DO"

PASSES = "passes"
NO_COMPILE = "does not compile"
FAILS = "test fails"
TIMES_OUT = "test stopped at the time limit"

KEPT_OUTPUT = 64 * 1024  # of a long output, its end: where the failure usually is


@dataclass(frozen=True)
class Exercise:
    chapter: str  # "01-accept-loop"
    name: str     # "1-echo-until-closed"

    @property
    def id(self):
        return f"{self.chapter}/{self.name}"

    def path(self, kind):
        """The file of this kind ("stub", "test", ...), relative to the repository."""
        return {
            "stub": f"exercises/{self.id}.c",
            "test": f"exercises/{self.id}.test.c",
            "hint": f"exercises/{self.id}.hint.md",
            "solution": f"exercises/solutions/{self.id}.c",
            "mistake": f"exercises/solutions/{self.id}.mistake.c",
        }[kind]


EXERCISE_FILE = re.compile(r"(\d+-[^.]+)(\.test\.c|\.hint\.md|\.mistake\.c|\.c)")
NUMBERED = re.compile(r"\d+-.")


def find_exercises(root):
    """The exercises under root in order: by chapter, then by number (2 before 10).

    Raises OSError when root has no readable exercises directory."""
    found = set()
    top = Path(root, "exercises")
    for directory, allowed in ((top, (".c", ".test.c", ".hint.md")),
                               (top / "solutions", (".c", ".mistake.c"))):
        if directory is not top and not directory.is_dir():
            continue  # no solutions yet: verify reports each one missing
        for chapter in sorted(os.listdir(directory)):
            if NUMBERED.match(chapter) and (directory / chapter).is_dir():
                for file in os.listdir(directory / chapter):
                    match = EXERCISE_FILE.fullmatch(file)
                    if match and match[2] in allowed:
                        found.add(Exercise(chapter, match[1]))
    return sorted(found, key=lambda e: (e.chapter, int(e.name.split("-")[0]), e.name))


def defects(root, exercise, for_verify):
    """What the repository lacks for this exercise, in words ([] when nothing).

    The learner needs stub, test and hint; verify also needs the solution and
    the marker in the stub (deleting it is a natural part of solving)."""
    kinds = ("stub", "test", "hint") + (("solution",) if for_verify else ())
    problems = [f"missing {exercise.path(k)}" for k in kinds
                if not Path(root, exercise.path(k)).is_file()]
    stub = Path(root, exercise.path("stub"))
    if for_verify and stub.is_file() and MARKER not in stub.read_text(errors="replace"):
        problems.append(f"{exercise.path('stub')} has no {MARKER} (a stub must say what to do)")
    return problems


@dataclass
class Settings:
    root: str = "."
    build_dir: str = "build/normal"  # relative to root, or absolute
    timeout: float = 60              # seconds for a test binary; a build has no limit
    make: tuple = ("make", "-s", "--no-print-directory")


@dataclass
class Result:
    outcome: str      # PASSES, NO_COMPILE, FAILS or TIMES_OUT
    output: str       # the build's output, or the test's
    signal: int = 0   # the signal that killed the test, if one did
    timeout: float = 0

    @property
    def passes(self):
        return self.outcome == PASSES


def target(settings, exercise, variant):
    """The Makefile's name of the test binary: BUILD/exercises/ID.learner."""
    return f"{settings.build_dir}/exercises/{exercise.id}.{variant}"


def check(settings, exercise, variant):
    """Builds and runs the test with the learner's file ("learner"), the
    "solution" or the "mistake"."""
    binary = target(settings, exercise, variant)
    code, output = run([*settings.make, "-C", settings.root, binary], pass_fds=jobserver_fds())
    if code != 0:
        return Result(NO_COMPILE, output)
    code, output = run([os.path.join(".", binary)], cwd=settings.root, timeout=settings.timeout)
    if code is None:
        return Result(TIMES_OUT, output, timeout=settings.timeout)
    return Result(PASSES if code == 0 else FAILS, output, signal=max(0, -code))


def run(argv, cwd=None, timeout=None, pass_fds=()):
    """(exit status or -signal, or None at the time limit; stdout and stderr).

    The command runs in a process group of its own, which is killed when the
    command ends (nothing it started outlives it), at the time limit, and on
    Ctrl-C, which reaches only us. Its end is its own exit, not the end of
    its output: a process it left behind (a test's server child) may hold the
    pipe open, and is killed then instead of being waited for."""
    env = dict(os.environ, CMOCKA_MESSAGE_OUTPUT="stdout")  # messages in order, on one stream
    try:
        child = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 start_new_session=True, pass_fds=pass_fds)
    except OSError as error:
        return 127, f"cannot run {argv[0]}: {error.strerror}\n"
    read = []  # read on a thread of its own, so that a full pipe never blocks the command
    reader = threading.Thread(target=lambda: read.append(child.stdout.read()), daemon=True)
    with child:
        reader.start()
        try:
            code = child.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            code = None
        except BaseException:  # Ctrl-C: leave nothing running
            kill_group(child)
            child.wait()
            raise
        kill_group(child)  # the rest of the group: the pipe's last writers
        if code is None:
            child.wait()
        reader.join()
    output = read[0] if read else b""
    return code, output[-KEPT_OUTPUT:].decode(errors="replace")


def kill_group(child):
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # the group is gone already: its leader's id cannot be reused while it exists


def jobserver_fds():
    """The pipe of `make -jN`'s job server, for the make we start (the
    Makefile's rule says `+`), so that it shares the parent's job slots."""
    found = re.search(r"--jobserver-auth=(\d+),(\d+)", os.environ.get("MAKEFLAGS", ""))
    if not found:
        return ()
    fds = tuple(map(int, found.groups()))
    try:
        for fd in fds:
            os.fstat(fd)  # still open: make passed them on
    except OSError:
        return ()
    return fds


# ---------------------------------------------------------------- in words

def explain(result, limit=20):
    """The lines that say why a check failed (at most about limit)."""
    if result.outcome == NO_COMPILE:
        return compiler_errors(result.output, limit)
    lines = []
    for test, messages in test_failures(result.output):
        lines.append(test.replace("_", " ") + ":")
        lines += ["    " + message for message in messages[:6]]
    if result.signal:
        name = signal.Signals(result.signal).name
        lines.append(f"the test was killed by {name} ({signal.strsignal(result.signal)})")
    if result.outcome == TIMES_OUT:
        lines.append(f"the test did not finish within {result.timeout:g} s (--timeout)")
    if not lines or (result.signal and len(lines) == 1):
        lines = tail(result.output, limit - len(lines)) + lines
    return lines[:limit] + ([f"... ({len(lines) - limit} more lines)"] if len(lines) > limit else [])


def test_failures(output):
    """[(test, [message, ...])] of the tests cmocka reports failed, or that
    were running when the binary ended; locations said as "at file:line"."""
    failures, current, messages = [], None, []
    for line in output.splitlines():
        if line.startswith("[ RUN      ] "):
            current, messages = line[13:], []
        elif line.startswith("[       OK ] "):
            current = None
        elif line.startswith("[  FAILED  ] ") and current is not None:
            failures.append((current, messages))
            current = None
        elif current is not None:
            messages += cmocka_message(line)
    if current is not None:  # it never finished: a crash, or the time limit
        failures.append((current, messages))
    return failures


def cmocka_message(line):
    line = re.sub(r"^(ERROR: |\[  ERROR   \] --- )", "", line)
    location = re.search(r"\[   LINE   \] --- (.*?): error: Failure!", line)
    before = line[:location.start()].strip() if location else line
    return ([before] if before else []) + ([f"at {location[1]}"] if location else [])


DIAGNOSTIC = re.compile(r"(.*: )?((fatal )?error|warning|note): |.*: In function |.*undefined reference")
SOURCE_EXCERPT = re.compile(r" +\d* \| ")


def compiler_errors(output, limit):
    """The compiler's diagnostics with their source excerpts; not make's chatter."""
    kept = []
    for line in output.splitlines():
        if DIAGNOSTIC.match(line) and not line.startswith(("make", "collect2")):
            kept.append(line)
        elif SOURCE_EXCERPT.match(line) and kept:
            kept.append(line)
    if not kept:
        return tail(output, limit)
    return kept[:limit] + ([f"... ({len(kept) - limit} more lines)"] if len(kept) > limit else [])


def tail(output, count):
    lines = [line for line in output.splitlines() if line.strip() and "***" not in line]
    return lines[-max(count, 1):]
