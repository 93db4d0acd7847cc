#!/usr/bin/env python3
"""Unit tests of run.py's arithmetic: parsing loadgen's line, medians, ratios, tables.

Run: python3 -m unittest discover -s chapters/08-designs/bench -p 'test_*.py'
(`make test` runs them through `run.py --smoke`).
"""
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402

LINE = ("loadgen: persistent, ...\n"
        "loadgen-result mode=persistent connections=16 payload=64 requests=1000 rps=500.0 "
        "p50_us=10.5 starved=2 mismatches=0 disconnects=0 server_cpu_us_per_request=4.25\n")

S = run.Server
SERVERS = [
    S(run.EPOLL, ("x",)),
    S("C ref", ("x",)),
    S("Py", ("x",)),
    S("ours", ("x",), python="Py", reference="C ref"),
    S("ours, no twin", ("x",)),
]
W = [run.Workload("persistent", 16)]


def cell(rps, cpu=None, starved=0):
    return {"rps": rps, "server_cpu_us_per_request": cpu, "starved": starved, "mismatches": 0,
            "disconnects": 0, "connect_errors": 0}


class ParseResult(unittest.TestCase):
    def test_reads_the_machine_line_only(self):
        r = run.parse_result(LINE)
        self.assertEqual(r["mode"], "persistent")
        self.assertEqual(r["rps"], 500.0)
        self.assertEqual(r["starved"], 2.0)
        self.assertEqual(r["server_cpu_us_per_request"], 4.25)

    def test_no_line_is_none(self):
        self.assertIsNone(run.parse_result("loadgen: refused\n"))


class Summaries(unittest.TestCase):
    def test_median_of_repetitions_and_worst_starvation(self):
        s = run.summarize({("ours", "persistent 16"): [cell(100, 2.0, 0), cell(300, 4.0, 3), cell(200, 3.0, 1)]})
        c = s[("ours", "persistent 16")]
        self.assertEqual(c["rps"], 200)
        self.assertEqual((c["rps_min"], c["rps_max"]), (100, 300))
        self.assertEqual(c["cpu_us"], 3.0)
        self.assertEqual(c["starved"], 3)  # the worst repetition, not the median
        self.assertEqual(c["runs"], 3)

    def test_missing_cpu_is_ignored_not_zero(self):
        s = run.summarize({("a", "w"): [cell(1, None), cell(1, 5.0)]})
        self.assertEqual(s[("a", "w")]["cpu_us"], 5.0)

    def test_bad_replies_add_up(self):
        r = [dict(cell(1), mismatches=1, disconnects=2), dict(cell(1), mismatches=0, disconnects=1)]
        self.assertEqual(run.summarize({("a", "w"): r})[("a", "w")]["bad_replies"], 4)


class Ratios(unittest.TestCase):
    def setUp(self):
        self.summary = run.summarize({
            (run.EPOLL, "persistent 16"): [cell(1000, 2.0)],
            ("C ref", "persistent 16"): [cell(700, 4.0)],
            ("Py", "persistent 16"): [cell(250, 20.0)],
            ("ours", "persistent 16"): [cell(500, 4.4)],
            ("ours, no twin", "persistent 16"): [cell(100)],
        })
        self.r = run.ratios(self.summary, SERVERS, W)

    def test_against_python_epoll_and_reference(self):
        mine = self.r[("ours", "persistent 16")]
        self.assertAlmostEqual(mine["vs_python"], 2.0)
        self.assertAlmostEqual(mine["vs_epoll"], 0.5)
        self.assertAlmostEqual(mine["cpu_vs_reference"], 1.1)

    def test_a_row_without_twin_has_no_python_ratio(self):
        self.assertIsNone(self.r[("ours, no twin", "persistent 16")]["vs_python"])
        self.assertIsNone(self.r[("ours, no twin", "persistent 16")]["cpu_vs_reference"])

    def test_epoll_is_one_times_itself(self):
        self.assertAlmostEqual(self.r[(run.EPOLL, "persistent 16")]["vs_epoll"], 1.0)

    def test_zero_or_missing_base_gives_no_ratio(self):
        self.assertIsNone(run.ratio(5, 0))
        self.assertIsNone(run.ratio(None, 5))

    def test_markdown_shows_the_ratios(self):
        text = run.render_markdown(self.summary, SERVERS, W, {"ours": 12.5}, "machine")
        self.assertIn("| ours | Py | 2.00× |", text)
        self.assertIn("| ours | C ref | 1.10× |", text)
        self.assertIn("| ours | 0.50× |", text)
        self.assertIn("| ours | 12.5 |", text)
        self.assertIn("| Py | — |", text)  # no idle-memory figure: a dash, not 0


class Matrix(unittest.TestCase):
    def test_every_comparison_names_a_row(self):
        names = {s.name for s in run.SERVERS}
        for s in run.SERVERS:
            self.assertTrue(s.python is None or s.python in names, s.name)
            self.assertTrue(s.reference is None or s.reference in names, s.name)
        self.assertIn(run.EPOLL, names)

    def test_workloads_are_the_issues_six(self):
        self.assertEqual([w.name for w in run.WORKLOADS],
                         ["persistent 1", "persistent 16", "persistent 128", "short 1", "short 16", "short 128"])
        self.assertEqual(run.Workload("short", 16).loadgen_args(), ["--short", "--connections", "16"])


if __name__ == "__main__":
    unittest.main()
