"""The exercise runner: tools/exercises [run|list|watch|hint [ID]|verify].

    run     (the default) the exercises in order, up to the first unfinished
            one: why it fails, in words, the file to edit, how far you are
    list    every exercise by chapter: done, current or pending
    watch   run, then re-run the current exercise each time its file is saved
    hint    the hint of the current exercise (or of ID: "1-echo-until-closed")
    verify  the repository's own check: every solution passes, every untouched
            stub fails, and so does every solutions/K-name.mistake.c

Nothing is remembered between runs: the files alone say how far you are.
Exit status: 0 all good (run: every exercise passes); 1 an exercise to do
(run) or a check that does not hold (verify); 2 a broken repository or command
line. `make exercises` accepts 1: an unfinished exercise is the learner's
normal state, not a broken build. See exercise_build.py for how one exercise
is built and checked.
"""
import argparse
import contextlib
import os
import sys
import time
from pathlib import Path

from . import exercise_build as build

IN_WORDS = {build.NO_COMPILE: "it does not compile yet", build.FAILS: "its test fails",
            build.TIMES_OUT: "its test did not finish in time"}
NEXT_STEPS = ("Edit {stub}, then run `make exercises` again\n"
              "(or keep `make exercises-watch` running: it re-checks on every save).\n")
HINT = "Stuck? `make exercises-hint` shows the hint."


def show(settings, relative):
    """A path as the learner types it: short from the repository itself."""
    return os.path.normpath(os.path.join(settings.root, relative))


def load(settings, err):
    """The exercises for the learner, or None after saying what is broken."""
    try:
        exercises = build.find_exercises(settings.root)
    except OSError as error:
        print(f"exercises: cannot read {error.filename}: {error.strerror}", file=err)
        return None
    broken = [(e, p) for e in exercises for p in build.defects(settings.root, e, False)]
    for exercise, problem in broken:
        print(f"exercises: {exercise.id}: {problem}", file=err)
    if broken:
        print("exercises: the repository itself is broken here, not your work; "
              "please report it.", file=err)
        return None
    return exercises


def run_from(settings, exercises, start, out):
    """Checks exercises[start:] in order; returns the index of the first that
    fails (after explaining it), or len(exercises)."""
    for index in range(start, len(exercises)):
        exercise = exercises[index]
        if out.isatty():  # the first build of a chapter takes a while: say what happens
            print(f"… {exercise.id}: building and testing", end="\r", file=out, flush=True)
        result = build.check(settings, exercise, "learner")
        print("\033[K" if out.isatty() else "", end="", file=out)  # clears that line
        if result.passes:
            print(f"✓ {exercise.id}", file=out, flush=True)
            continue
        print(f"✗ {exercise.id}: {IN_WORDS[result.outcome]}", file=out)
        for line in build.explain(result):
            print("    " + line, file=out)
        binary = build.target(settings, exercise, "learner")
        alone = f"make {binary}" if result.outcome == build.NO_COMPILE else binary
        print(f"  (the whole output: {alone})\n", file=out)
        print(f"{index}/{len(exercises)} done.", file=out)
        return index
    print(f"\n{len(exercises)}/{len(exercises)} done. All exercises pass. Well done!", file=out)
    print("Compare your code with the reference solutions in "
          f"{show(settings, 'exercises/solutions')}/", file=out)
    return len(exercises)


def command_run(settings, out, err):
    exercises = load(settings, err)
    if exercises is None:
        return 2
    if not exercises:
        print(f"No exercises yet in {show(settings, 'exercises')}.", file=out)
        return 0
    current = run_from(settings, exercises, 0, out)
    if current == len(exercises):
        return 0
    print(NEXT_STEPS.format(stub=show(settings, exercises[current].path("stub"))) + HINT, file=out)
    return 1


def stamp(path):
    """What changes when a file is saved (also by an editor that replaces it)."""
    try:
        info = os.stat(path)
        return info.st_mtime_ns, info.st_size, info.st_ino
    except OSError:
        return None


def command_watch(settings, out, err, poll=0.5, sleep=time.sleep):
    exercises = load(settings, err)
    if exercises is None:
        return 2
    stubs = [os.path.join(settings.root, e.path("stub")) for e in exercises]
    current = 0
    try:
        while True:
            seen = [stamp(stub) for stub in stubs]  # before the check: a save during it counts
            current = run_from(settings, exercises, current, out)
            if current == len(exercises):
                return 0
            print(f"Edit {show(settings, exercises[current].path('stub'))}: each save checks "
                  f"it again. Ctrl-C to stop.\n{HINT}", file=out, flush=True)
            while stamp(stubs[current]) == seen[current]:
                sleep(poll)  # polling: the standard library has no portable file watch
            print(f"\n--- saved: checking {exercises[current].id} again ---", file=out, flush=True)
    except KeyboardInterrupt:
        print("\nStopped watching.", file=out)
        return 0


def command_list(settings, out, err):
    exercises = load(settings, err)
    if exercises is None:
        return 2
    done, current, chapter = 0, None, None
    for exercise in exercises:
        if exercise.chapter != chapter:
            chapter = exercise.chapter
            print(chapter, file=out)
        result = build.check(settings, exercise, "learner")
        if result.passes:
            done += 1
            state = "done"
        elif current is None:
            current = exercise
            state = "current"
        else:
            state = "pending"
        reason = f"  ({result.outcome})" if exercise is current else ""
        print(f"  {state:<8} {exercise.name}{reason}", file=out, flush=True)
    print(f"{done}/{len(exercises)} done", file=out)
    return 0


def command_hint(settings, out, err, wanted=None):
    exercises = load(settings, err)
    if exercises is None:
        return 2
    if wanted:
        chosen = [e for e in exercises if wanted in (e.id, e.name)]
        if not chosen:
            print(f"exercises: no exercise {wanted}; `tools/exercises list` shows them", file=err)
            return 2
        exercise = chosen[0]
    else:
        unfinished = (e for e in exercises if not build.check(settings, e, "learner").passes)
        exercise = next(unfinished, None)
        if exercise is None:
            print("All exercises pass: no hint needed.", file=out)
            return 0
    hint = show(settings, exercise.path("hint"))
    print(f"Hint for {exercise.id} ({hint}):\n", file=out)
    print(Path(hint).read_text(encoding="utf-8").rstrip("\n"), file=out)
    return 0


def verify_one(settings, exercise, out):
    """One line (and the output of what must not fail); True if all holds."""
    problems = build.defects(settings.root, exercise, True)
    if problems:
        print(f"FAIL  {exercise.id}: {'; '.join(problems)}", file=out)
        return False
    solution = build.check(settings, exercise, "solution")
    stub = build.check(settings, exercise, "learner")
    said = ["solution passes" if solution.passes else f"solution: {solution.outcome}"]
    said.append("stub passes untouched: its test cannot catch a missing answer" if stub.passes
                else f"stub fails ({stub.outcome})")
    good = solution.passes and not stub.passes
    shown = [] if solution.passes else build.explain(solution)
    if os.path.exists(os.path.join(settings.root, exercise.path("mistake"))):
        mistake = build.check(settings, exercise, "mistake")
        if mistake.outcome in (build.FAILS, build.TIMES_OUT):
            said.append(f"mistake fails ({mistake.outcome})")
        elif mistake.passes:
            said.append("mistake passes: its test cannot catch the mistake the hint warns about")
        else:  # a mistake that does not build proves nothing about the test
            said.append("mistake does not compile: it must build, and fail its test")
            shown += build.explain(mistake)
        good = good and mistake.outcome in (build.FAILS, build.TIMES_OUT)
    print(f"{'ok  ' if good else 'FAIL'}  {exercise.id}: {', '.join(said)}", file=out)
    for line in shown:
        print("      | " + line, file=out)
    return good


def command_verify(settings, out, err, summary_to=None):
    try:
        exercises = build.find_exercises(settings.root)
    except OSError as error:
        print(f"exercises: cannot read {error.filename}: {error.strerror}", file=err)
        return 2
    passed = sum(verify_one(settings, e, out) for e in exercises)
    summary = f"exercises: {passed} passed, {len(exercises) - passed} failed"
    print(summary, file=out)
    if summary_to:  # make test's tally (tools/run-tests --summary)
        with open(summary_to, "a", encoding="utf-8") as tally:
            print(summary, file=tally)
    return 0 if passed == len(exercises) else 1


def main(argv=None, out=sys.stdout, err=sys.stderr):
    parser = argparse.ArgumentParser(
        prog="tools/exercises", description=__doc__.split("\n\n")[1],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", nargs="?", default="run",
                        choices=("run", "list", "watch", "hint", "verify"))
    parser.add_argument("exercise", nargs="?", help="for hint: an exercise's id or name")
    parser.add_argument("--root", default=".", help="the repository (default: .)")
    parser.add_argument("--build-dir", default="build/normal",
                        help="where make builds, relative to the root (default: build/normal)")
    parser.add_argument("--timeout", type=float, default=60,
                        help="seconds a test may run before it is stopped (default: 60)")
    parser.add_argument("--summary-to", metavar="FILE",
                        help="for verify: also append the summary line to FILE")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            options = parser.parse_args(argv)
    except SystemExit as exit:  # argparse: 0 for --help, 2 for a bad command line
        return exit.code
    if options.exercise and options.command != "hint":
        parser.print_usage(err)
        print(f"tools/exercises: only hint takes an exercise, not {options.command}", file=err)
        return 2
    if options.timeout <= 0:
        print("tools/exercises: --timeout needs a number of seconds above 0", file=err)
        return 2
    settings = build.Settings(options.root, options.build_dir, options.timeout)
    try:
        if options.command == "verify":
            return command_verify(settings, out, err, options.summary_to)
        if options.command == "hint":
            return command_hint(settings, out, err, options.exercise)
        command = {"run": command_run, "list": command_list, "watch": command_watch}
        return command[options.command](settings, out, err)
    except KeyboardInterrupt:
        return 130
