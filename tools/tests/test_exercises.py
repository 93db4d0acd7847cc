"""tools/exercises: run, list, watch, hint and verify on throw-away repositories.

A fixture repository has a fake Makefile whose "compiler" turns an exercise's
file into the test binary itself: each file is a shell script that plays a
cmocka test (PASS, FAIL, HANG, CRASH), or says NOCOMPILE to fail the build.
Every build is logged in ROOT/calls.log.
"""
import io
import os
import signal
import sys
import tempfile
import threading
import time
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from sstools import exercise_build as build  # noqa: E402
from sstools import exercises  # noqa: E402

MAKEFILE = "".join(f"%.{kind}: FORCE\n\t@sh ./fake-cc.sh $@ {kind}\n"
                   for kind in ("learner", "solution", "mistake")) + ".PHONY: FORCE\nFORCE:\n"
FAKE_CC = r"""target=$1 kind=$2
echo "$target" >> calls.log
id=${target#*exercises/}; id=${id%.*}
case $kind in
learner) src=exercises/$id.c;; solution) src=exercises/solutions/$id.c;;
mistake) src=exercises/solutions/$id.mistake.c;; esac
echo "  CC $target"
if grep -q NOCOMPILE "$src"; then
	echo "$src:3:9: error: expected ';' before '}' token"
	echo "    3 |   return 0"
	echo "make: *** [Makefile:2: $target] Error 1"
	exit 1
fi
mkdir -p "$(dirname "$target")"
{ echo '#!/bin/sh'; cat "$src"; } > "$target" && chmod +x "$target"
"""
PASS = 'echo "[ RUN      ] it_works"; echo "[       OK ] it_works"; exit 0\n'
FAIL = ('echo "[ RUN      ] answers_in_words"; echo "ERROR: expected 42, got 0"\n'
        'echo "[  ERROR   ] --- [   LINE   ] --- t.test.c:7: error: Failure!"\n'
        'echo "[  FAILED  ] answers_in_words"; exit 1\n')
HANG = 'echo "[ RUN      ] waits_forever"; sleep 30\n'
CRASH = 'echo "[ RUN      ] sends_to_a_closed_peer"; kill -PIPE $$\n'
NOCOMPILE = "# NOCOMPILE\n"
STUB_MARKER = "# " + build.MARKER + ": write it\n"


class Repository(unittest.TestCase):
    """Each test gets a fresh fixture repository in self.root."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="exercises-test-")
        self.addCleanup(self.tmp.cleanup)
        self.root = self.tmp.name
        self.write("Makefile", MAKEFILE)
        self.write("fake-cc.sh", FAKE_CC)

    def write(self, relative, text):
        path = Path(self.root, relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)

    def add(self, exercise_id, stub=FAIL, solution=PASS, mistake=None):
        self.write(f"exercises/{exercise_id}.c", STUB_MARKER + stub)
        self.write(f"exercises/{exercise_id}.test.c", "/* the test */\n")
        self.write(f"exercises/{exercise_id}.hint.md", f"Hint for {exercise_id}: read the man page.\n")
        self.write(f"exercises/solutions/{exercise_id}.c", solution)
        if mistake is not None:
            self.write(f"exercises/solutions/{exercise_id}.mistake.c", mistake)

    def edit(self, exercise_id, text):
        """As the learner saves: new contents, and a new time stamp."""
        path = Path(self.root, f"exercises/{exercise_id}.c")
        path.write_text(text)
        later = path.stat().st_mtime + 2
        os.utime(path, (later, later))

    def tool(self, *argv):
        """(status, stdout, stderr) of tools/exercises ARGV --root ROOT."""
        out, err = io.StringIO(), io.StringIO()
        status = exercises.main([*argv, "--root", self.root], out, err)
        return status, out.getvalue(), err.getvalue()

    def built(self):
        path = Path(self.root, "calls.log")
        return path.read_text() if path.exists() else ""

    def assertInOrder(self, text, *parts):
        positions = [text.find(part) for part in parts]
        for part, position in zip(parts, positions):
            self.assertNotEqual(position, -1, f"{part!r} not in:\n{text}")
        self.assertEqual(positions, sorted(positions), text)


class Run(Repository):
    def test_all_passing_in_order_ends_with_the_solutions(self):
        self.add("01-a/10-tenth", stub=PASS)
        self.add("01-a/2-second", stub=PASS)
        self.add("02-b/1-first", stub=PASS)
        status, out, _ = self.tool("run")
        self.assertEqual(status, 0)
        self.assertInOrder(out, "✓ 01-a/2-second\n", "✓ 01-a/10-tenth\n", "✓ 02-b/1-first\n",
                           "3/3 done", "Well done", f"{self.root}/exercises/solutions/")
        self.assertNotIn("CC", out)  # a passing exercise's output is not shown

    def test_stops_at_the_first_failure_and_says_why_in_words(self):
        self.add("01-a/1-first", stub=PASS)
        self.add("01-a/2-second")
        self.add("01-a/10-tenth")
        status, out, _ = self.tool("run")
        self.assertEqual(status, 1)
        self.assertInOrder(out, "✓ 01-a/1-first\n", "✗ 01-a/2-second: its test fails\n",
                           "answers in words:\n", "expected 42, got 0\n", "at t.test.c:7\n",
                           "1/3 done.", f"Edit {self.root}/exercises/01-a/2-second.c",
                           "make exercises-hint")
        self.assertNotIn("10-tenth", out + self.built())  # nothing after the failure runs
        self.assertNotIn("solution", out)                 # nor are the solutions shown
        self.assertNotIn("[  ", out)                      # cmocka's brackets are translated

    def test_a_build_failure_shows_the_compiler_error_without_makes_noise(self):
        self.add("01-a/1-broken", stub=NOCOMPILE)
        status, out, _ = self.tool("run")
        self.assertEqual(status, 1)
        self.assertInOrder(out, "✗ 01-a/1-broken: it does not compile yet\n",
                           "exercises/01-a/1-broken.c:3:9: error: expected ';'", "3 |   return 0",
                           "0/1 done.")
        self.assertNotIn("***", out)
        self.assertNotIn("  CC ", out)

    def test_a_stuck_test_is_stopped_at_the_time_limit(self):
        self.add("01-a/1-stuck", stub=HANG)
        started = time.monotonic()
        status, out, _ = self.tool("run", "--timeout", "0.5")
        self.assertLess(time.monotonic() - started, 10)
        self.assertEqual(status, 1)
        self.assertInOrder(out, "its test did not finish in time", "waits forever:",
                           "did not finish within 0.5 s")

    def test_a_crash_names_the_signal_and_the_test_it_stopped(self):
        self.add("01-a/1-crash", stub=CRASH)
        status, out, _ = self.tool("run")
        self.assertEqual(status, 1)
        self.assertInOrder(out, "sends to a closed peer:", "killed by SIGPIPE")

    def test_an_edit_moves_the_learner_on(self):
        self.add("01-a/1-first")
        self.add("01-a/2-second")
        self.assertIn("0/2 done", self.tool("run")[1])
        self.edit("01-a/1-first", PASS)  # solved, marker deleted: fine for the learner
        status, out, _ = self.tool("run")
        self.assertEqual(status, 1)
        self.assertInOrder(out, "✓ 01-a/1-first\n", "✗ 01-a/2-second", "1/2 done")

    def test_uses_the_build_directory_it_is_given(self):
        self.add("01-a/1-first", stub=PASS)
        self.assertEqual(self.tool("run", "--build-dir", "build/custom")[0], 0)
        self.assertTrue(Path(self.root, "build/custom/exercises/01-a/1-first.learner").exists())
        self.assertFalse(Path(self.root, "build/normal").exists())

    def test_a_broken_repository_is_reported_before_anything_runs(self):
        self.add("01-a/1-first", stub=PASS)
        self.add("01-a/2-second", stub=PASS)
        os.unlink(Path(self.root, "exercises/01-a/2-second.hint.md"))
        os.unlink(Path(self.root, "exercises/01-a/1-first.test.c"))
        status, out, err = self.tool("run")
        self.assertEqual((status, out, self.built()), (2, "", ""))
        self.assertIn("01-a/1-first: missing exercises/01-a/1-first.test.c", err)
        self.assertIn("01-a/2-second: missing exercises/01-a/2-second.hint.md", err)

    def test_no_exercises_directory_is_an_error_an_empty_one_is_not(self):
        status, _, err = self.tool("run")
        self.assertEqual(status, 2)
        self.assertIn("cannot read", err)
        self.write("exercises/solutions/.keep", "")
        status, out, _ = self.tool("run")
        self.assertEqual(status, 0)
        self.assertIn("No exercises yet", out)

    def test_a_bad_command_line_is_status_2(self):
        self.assertEqual(self.tool("jump")[0], 2)
        self.assertEqual(self.tool("run", "1-first")[0], 2)
        self.assertEqual(self.tool("run", "--timeout", "0")[0], 2)


class List(Repository):
    def test_every_exercise_by_chapter_done_current_or_pending(self):
        self.add("01-a/1-first", stub=PASS)
        self.add("01-a/2-second")
        self.add("01-a/3-third", stub=PASS)  # done out of order: still done
        self.add("02-b/1-broken", stub=NOCOMPILE)
        status, out, _ = self.tool("list")
        self.assertEqual(status, 0)
        self.assertInOrder(out, "01-a\n", "  done     1-first\n", "  current  2-second  (test fails)\n",
                           "  done     3-third\n", "02-b\n", "  pending  1-broken\n", "2/4 done\n")
        self.assertNotIn("expected 42", out)


class Hint(Repository):
    def test_shows_the_current_exercises_hint_or_a_named_one(self):
        self.add("01-a/1-first", stub=PASS)
        self.add("01-a/2-second")
        status, out, _ = self.tool("hint")
        self.assertEqual(status, 0)
        self.assertIn("Hint for 01-a/2-second: read the man page.", out)
        self.assertIn("Hint for 01-a/1-first:", self.tool("hint", "1-first")[1])
        self.assertEqual(self.tool("hint", "9-none")[0], 2)
        self.edit("01-a/2-second", PASS)
        self.assertIn("no hint needed", self.tool("hint")[1])


class Watch(Repository):
    def watch(self, on_sleep):
        """command_watch with on_sleep(count) called instead of each pause."""
        pauses = []

        def sleep(seconds):
            pauses.append(seconds)
            on_sleep(len(pauses))

        def too_long(signal_number, frame):
            raise AssertionError("watch neither waited for a save nor ended")

        previous = signal.signal(signal.SIGALRM, too_long)
        self.addCleanup(signal.signal, signal.SIGALRM, previous)
        signal.setitimer(signal.ITIMER_REAL, 10)
        out, err = io.StringIO(), io.StringIO()
        status = exercises.command_watch(build.Settings(self.root), out, err, sleep=sleep)
        signal.setitimer(signal.ITIMER_REAL, 0)
        return status, out.getvalue(), len(pauses)

    def test_a_save_rechecks_and_a_pass_moves_on_to_the_end(self):
        self.add("01-a/1-first")
        self.add("01-a/2-second")
        order = ["01-a/1-first", "01-a/2-second"]
        status, out, pauses = self.watch(lambda count: self.edit(order[count - 1], PASS))
        self.assertEqual((status, pauses), (0, 2))
        self.assertInOrder(out, "✗ 01-a/1-first", "Edit ", "Ctrl-C to stop",
                           "saved: checking 01-a/1-first again", "✓ 01-a/1-first",
                           "✗ 01-a/2-second", "✓ 01-a/2-second", "2/2 done")
        self.assertEqual(self.built().count("1-first"), 2)  # a done exercise is not checked again

    def test_a_save_that_still_fails_shows_the_failure_again_and_ctrl_c_ends_it(self):
        self.add("01-a/1-first")

        def save_then_interrupt(count):
            if count == 1:
                self.edit("01-a/1-first", STUB_MARKER + FAIL + "# still wrong\n")
            else:
                raise KeyboardInterrupt

        status, out, _ = self.watch(save_then_interrupt)
        self.assertEqual(status, 0)
        self.assertEqual(out.count("✗ 01-a/1-first"), 2)
        self.assertTrue(out.endswith("Stopped watching.\n"))

    def test_a_save_during_the_check_is_not_missed(self):
        solved = STUB_MARKER + PASS
        self.add("01-a/1-first", stub=f"cat > exercises/01-a/1-first.c <<'END'\n{solved}END\n" + FAIL)
        status, out, pauses = self.watch(lambda count: self.fail("it waited for another save"))
        self.assertEqual((status, pauses), (0, 0))
        self.assertInOrder(out, "✗ 01-a/1-first", "✓ 01-a/1-first", "1/1 done")

    def test_without_a_save_nothing_is_rebuilt(self):
        self.add("01-a/1-first")

        def wait_then_interrupt(count):
            if count == 3:
                raise KeyboardInterrupt

        self.assertEqual(self.watch(wait_then_interrupt)[2], 3)
        self.assertEqual(self.built().count("1-first"), 1)


class Verify(Repository):
    def setUp(self):
        super().setUp()
        self.add("01-a/1-good", mistake=FAIL)

    def expect_one_failure(self, *expected, timeout="60"):
        status, out, _ = self.tool("verify", "--timeout", timeout)
        self.assertEqual(status, 1)
        self.assertIn("ok    01-a/1-good:", out)
        self.assertInOrder(out, *expected, "\nexercises: 1 passed, 1 failed\n")
        return out

    def test_a_sound_repository_passes_and_says_how_each_stub_fails(self):
        self.add("01-a/2-uncompiled", stub=NOCOMPILE)
        summary = Path(self.root, "tally.txt")
        status, out, _ = self.tool("verify", "--summary-to", str(summary))
        self.assertEqual(status, 0)
        self.assertInOrder(out, "ok    01-a/1-good: solution passes, stub fails (test fails), "
                                "mistake fails (test fails)\n",
                           "ok    01-a/2-uncompiled: solution passes, stub fails (does not compile)\n")
        self.assertTrue(out.endswith("\nexercises: 2 passed, 0 failed\n"))
        self.assertEqual(summary.read_text(), "exercises: 2 passed, 0 failed\n")

    def test_a_stub_that_passes_untouched_fails(self):
        self.add("01-a/2-too-easy", stub=PASS)
        self.expect_one_failure("FAIL  01-a/2-too-easy: solution passes, stub passes untouched")

    def test_a_solution_that_fails_fails_and_shows_why(self):
        self.add("01-a/2-wrong", solution=FAIL)
        self.expect_one_failure("FAIL  01-a/2-wrong: solution: test fails, stub fails (test fails)\n",
                                "      | answers in words:\n", "      |     expected 42, got 0\n")

    def test_a_solution_that_does_not_compile_fails(self):
        self.add("01-a/2-wrong", solution=NOCOMPILE)
        self.expect_one_failure("FAIL  01-a/2-wrong: solution: does not compile,",
                                "      | exercises/solutions/01-a/2-wrong.c:3:9: error:")

    def test_a_stuck_solution_fails(self):
        self.add("01-a/2-stuck", solution=HANG)
        self.expect_one_failure("FAIL  01-a/2-stuck: solution: test stopped at the time limit",
                                timeout="0.5")

    def test_a_mistake_that_passes_fails(self):
        self.add("01-a/2-lenient", mistake=PASS)
        self.expect_one_failure("FAIL  01-a/2-lenient: solution passes, stub fails (test fails), "
                                "mistake passes: its test cannot catch the mistake")

    def test_a_mistake_that_does_not_compile_fails(self):
        self.add("01-a/2-typo", mistake=NOCOMPILE)
        self.expect_one_failure("FAIL  01-a/2-typo:", "mistake does not compile",
                                "      | exercises/solutions/01-a/2-typo.mistake.c:3:9: error:")

    def test_missing_files_and_a_stub_without_the_marker_fail(self):
        for name, missing in (("2-unsolved", "exercises/solutions/01-a/2-unsolved.c"),
                              ("3-untested", "exercises/01-a/3-untested.test.c"),
                              ("4-hintless", "exercises/01-a/4-hintless.hint.md")):
            self.add(f"01-a/{name}")
            os.unlink(Path(self.root, missing))
        self.add("01-a/5-silent")
        self.write("exercises/01-a/5-silent.c", FAIL)
        self.write("exercises/solutions/01-a/6-orphan.c", PASS)
        status, out, _ = self.tool("verify")
        self.assertEqual(status, 1)
        self.assertInOrder(out, "FAIL  01-a/2-unsolved: missing exercises/solutions/01-a/2-unsolved.c\n",
                           "FAIL  01-a/3-untested: missing exercises/01-a/3-untested.test.c\n",
                           "FAIL  01-a/4-hintless: missing exercises/01-a/4-hintless.hint.md\n",
                           f"FAIL  01-a/5-silent: exercises/01-a/5-silent.c has no {build.MARKER}",
                           "FAIL  01-a/6-orphan: missing exercises/01-a/6-orphan.c;",
                           "exercises: 1 passed, 5 failed\n")


class Explain(unittest.TestCase):
    """Real outputs of cmocka 1.1 and gcc, said in a few lines."""

    def explain(self, outcome, output, signal_number=0):
        return build.explain(build.Result(outcome, output, signal_number, 60))

    def test_cmocka_messages_and_bare_assertions_per_failed_test(self):
        output = """[==========] Running 3 test(s).
[ RUN      ] readable_at_once
[       OK ] readable_at_once
[ RUN      ] reports_a_readable_fd
[  ERROR   ] --- 0xffffffffffffffff != 0
[   LINE   ] --- exercises/02-select/1-poll-backend.test.c:68: error: Failure!
[  FAILED  ] reports_a_readable_fd
[ RUN      ] restarts_on_a_port
ERROR: listen_again failed (EADDRINUSE): is SO_REUSEADDR set?
[  ERROR   ] --- [   LINE   ] --- exercises/x.test.c:72: error: Failure!
[  FAILED  ] restarts_on_a_port
[==========] 3 test(s) run.
[  FAILED  ] 2 test(s), listed below:
[  FAILED  ] reports_a_readable_fd
"""
        self.assertEqual(self.explain(build.FAILS, output), [
            "reports a readable fd:",
            "    0xffffffffffffffff != 0",
            "    at exercises/02-select/1-poll-backend.test.c:68",
            "restarts on a port:",
            "    listen_again failed (EADDRINUSE): is SO_REUSEADDR set?",
            "    at exercises/x.test.c:72"])

    def test_a_crash_before_any_test_shows_the_end_of_the_output(self):
        lines = self.explain(build.FAILS, "setting up\nAddressSanitizer: heap-buffer-overflow\n",
                             signal.SIGABRT)
        self.assertEqual(lines[-2:], ["AddressSanitizer: heap-buffer-overflow",
                                      "the test was killed by SIGABRT (Aborted)"])

    def test_compiler_errors_keep_diagnostics_and_excerpts_only(self):
        output = """  CC     build/normal/exercises/01-accept-loop/1-echo-until-closed.learner
exercises/01-accept-loop/1-echo-until-closed.c: In function 'echo_until_closed':
exercises/01-accept-loop/1-echo-until-closed.c:37:17: error: expected ';' before '}' token
   37 |         return 0
      |                 ^
/usr/bin/ld: /tmp/ccQ.o: in function `echo_until_closed':
x.c:13: undefined reference to `ss_recv_nothere'
collect2: error: ld returned 1 exit status
make: *** [Makefile:101: build/normal/exercises/01-accept-loop/1-echo-until-closed.learner] Error 1
"""
        self.assertEqual(self.explain(build.NO_COMPILE, output), [
            "exercises/01-accept-loop/1-echo-until-closed.c: In function 'echo_until_closed':",
            "exercises/01-accept-loop/1-echo-until-closed.c:37:17: error: expected ';' before '}' token",
            "   37 |         return 0",
            "      |                 ^",
            "x.c:13: undefined reference to `ss_recv_nothere'"])

    def test_long_explanations_are_cut_and_say_so(self):
        output = "".join(f"x.c:{n}:1: error: number {n}\n" for n in range(40))
        lines = build.explain(build.Result(build.NO_COMPILE, output), limit=5)
        self.assertEqual(lines[-1], "... (35 more lines)")
        self.assertEqual(len(lines), 6)


class RunCommand(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="exercises-run-")
        self.addCleanup(self.tmp.cleanup)
        self.pid_file = Path(self.tmp.name, "pid")

    def assertEnds(self, pid):
        """The process has gone (or is a zombie), bounded in time."""
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                if Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] in "ZX":
                    return
            except FileNotFoundError:
                return
            time.sleep(0.01)
        self.fail(f"process {pid} still runs")

    def test_output_status_and_signal(self):
        self.assertEqual(build.run(["sh", "-c", "echo out; echo err >&2; exit 3"]),
                         (3, "out\nerr\n"))
        self.assertEqual(build.run(["sh", "-c", "kill -SEGV $$"])[0], -signal.SIGSEGV)
        self.assertEqual(build.run(["/nonexistent/program"])[0], 127)

    def test_nothing_the_command_started_outlives_it(self):
        script = f"sleep 30 >/dev/null 2>&1 & echo $! > {self.pid_file}"
        self.assertEqual(build.run(["sh", "-c", script])[0], 0)
        self.assertEnds(int(self.pid_file.read_text()))

    def test_what_the_command_left_holding_its_output_does_not_hold_the_run(self):
        started = time.monotonic()
        script = f"echo out; sleep 30 & echo $! > {self.pid_file}; exit 1"
        self.assertEqual(build.run(["sh", "-c", script], timeout=20), (1, "out\n"))
        self.assertLess(time.monotonic() - started, 5)
        self.assertEnds(int(self.pid_file.read_text()))

    def test_the_time_limit_stops_the_command(self):
        started = time.monotonic()
        code, output = build.run(["sh", "-c", "echo started; exec sleep 30"], timeout=0.3)
        self.assertEqual((code, output), (None, "started\n"))
        self.assertLess(time.monotonic() - started, 5)

    def test_ctrl_c_stops_the_command_and_goes_on_up(self):
        def press_ctrl_c_once_it_runs():
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline and not self.pid_file.exists():
                time.sleep(0.01)
            os.kill(os.getpid(), signal.SIGINT)

        # Python's own handler, even where SIGINT came ignored (a background job)
        previous = signal.signal(signal.SIGINT, signal.default_int_handler)
        self.addCleanup(signal.signal, signal.SIGINT, previous)
        threading.Thread(target=press_ctrl_c_once_it_runs, daemon=True).start()
        with self.assertRaises(KeyboardInterrupt):
            build.run(["sh", "-c", f"echo $$ > {self.pid_file}.new; mv {self.pid_file}.new "
                       f"{self.pid_file}; exec sleep 30"])
        self.assertEnds(int(self.pid_file.read_text()))

if __name__ == "__main__":
    unittest.main()
