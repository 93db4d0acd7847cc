"""tools/trace: reading, rendering, and the check failing both ways."""
import unittest

from sstools import trace
from tests import run, tree

DOT = '''digraph "d" {
  graph [label="d", labelloc=t, fontname="Helvetica", rankdir=TB];
  "S.serve" [shape=box, label="S\\nserve"];
  "helper" [shape=box, style=rounded];
  "S.handle" [shape=box, label="S\\nhandle"];
  "P.select" [shape=box, style=rounded, label="P\\nselect", class="untraced"];
  "S.worker" [shape=box, label="S\\nworker"];
  "S.error" [shape=box, label="S\\nerror"];
  "S.serve" -> "helper" [label="each\\nloop"];
  "helper" -> "S.handle";
  "S.serve" -> "P.select";
  "P.select" -> "S.error";
  "S.handle" -> "S.worker" [style=dashed];
}
'''


def line(pid, tid, depth, method, before=""):
    return f"{before}ss-trace pid={pid} tid={tid} depth={depth} {'  ' * depth}{method}\n"


GOOD = (line(7, 1, 0, "S.serve") + "some other output\n" + line(7, 1, 1, "S.handle")
        + line(7, 1, 1, "S.error") + line(7, 2, 0, "S.worker", before="partial output "))


class Reading(unittest.TestCase):
    def test_parents_orphans_and_streams(self):
        streams = trace.read_streams([("f", GOOD + line(7, 1, 0, "S.serve") + line(8, 1, 3, "S.handle"))])
        self.assertEqual(streams[("f", 7, 1)], [(0, "S.serve", None), (1, "S.handle", "S.serve"),
                                                (1, "S.error", "S.serve"), (0, "S.serve", None)])
        self.assertEqual(streams[("f", 7, 2)], [(0, "S.worker", None)])
        self.assertEqual(streams[("f", 8, 1)], [(3, "S.handle", None)])  # a forked child goes on deep

    def test_render_draws_one_tree_per_thread(self):
        with tree({"t.trace": GOOD}):
            status, out, _ = run(trace.main, "render", "t.trace")
        self.assertEqual(status, 0)
        self.assertEqual(out, "[pid 7 thread 1]\n  S.serve\n    S.handle\n    S.error\n\n"
                              "[pid 7 thread 2]\n  S.worker\n")
        with tree({"a": GOOD, "b": GOOD}):
            self.assertIn("[b: pid 7 thread 2]", run(trace.main, "render", "a", "b")[1])

    def test_contraction_through_plain_and_untraced_nodes(self):
        self.assertEqual(trace.method_edges(*trace.read_dot(DOT)),
                         [("S.serve", "S.handle", False), ("S.serve", "S.error", False),
                          ("S.handle", "S.worker", True)])


class Checking(unittest.TestCase):
    def check(self, text, *options, dot=DOT):
        with tree({"d.dot": dot, "t.trace": text}):
            return run(trace.main, "check", *options, "d.dot", "t.trace")

    def test_agreement(self):
        status, out, err = self.check(GOOD)
        self.assertEqual((status, err), (0, ""))
        self.assertIn("agrees with the trace: 2 runtime edges, 3 diagram edges", out)

    def test_a_runtime_call_missing_from_the_diagram(self):
        status, _, err = self.check(GOOD + line(7, 1, 1, "S.handle") + line(7, 1, 2, "S.other"))
        self.assertEqual(status, 1)
        self.assertIn("runtime edge not in diagram: S.handle -> S.other", err)
        # ...which --only-diagram-nodes leaves out: S.other is not drawn
        self.assertEqual(self.check(GOOD + line(7, 1, 1, "S.handle") + line(7, 1, 2, "S.other"),
                                    "--only-diagram-nodes")[0], 0)
        status, _, err = self.check(GOOD + line(7, 1, 1, "S.handle") + line(7, 1, 2, "S.error"),
                                    "--only-diagram-nodes")
        self.assertIn("runtime edge not in diagram: S.handle -> S.error", err)

    def test_a_drawn_call_never_seen(self):
        status, _, err = self.check(GOOD.replace(line(7, 1, 1, "S.error"), ""))
        self.assertEqual(status, 1)
        self.assertIn("diagram edge never seen at run time: S.serve -> S.error\n", err)
        status, _, err = self.check(GOOD.replace("tid=2 depth=0", "tid=1 depth=2"))
        self.assertIn("diagram edge never seen at run time: S.handle -> S.worker (dashed", err)

    def test_no_trace_lines_and_bad_input(self):
        self.assertIn("no ss-trace lines", self.check("nothing\n")[2])
        self.assertIn("is no digraph", self.check(GOOD, dot="graph\n")[2])
        with tree({}):
            self.assertEqual(run(trace.main, "check", "missing.dot", "t")[0], 1)
        self.assertEqual(run(trace.main, "check", "d.dot")[0], 2)
        self.assertEqual(run(trace.main, "frobnicate")[0], 2)


if __name__ == "__main__":
    unittest.main()
