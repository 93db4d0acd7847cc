"""tools/diagram: what it draws, and every check failing on broken input."""
import os
import re
import unittest

from sstools import diagram
from tests import edit, run, tree

NET = {
    "chapters/01-net/net.c": """
        /* net.c */
        int
        ss_helper(int x)
        {
        	return x + 1;
        }

        int
        ss_open(void)
        {
        	int fd = socket(1, 2, 0);
        	if (fd == -1)
        		ss_helper(fd);
        	return fd;
        }

        void
        zeta(void)
        {
        	ss_helper(1); /*@ -> ss_helper [kept: labelled] */
        }

        void
        alpha(void)
        {
        }
        """,
    "chapters/01-net/programs/echo.c": """
        #include <stdio.h>
        /*@diagram 01-echo root=main "Echo" */
        int
        main(int argc, char **argv)
        {
        	int fd = ss_open();
        	/* ss_helper(3) in a comment is no call */
        	printf("%s: alpha() in a string is no call\\n", "--verbose");
        	zeta();
        	alpha();
        	close(fd); /*@ -> close [at the end] */
        	return 0;
        }
        """,
}

CLASSES = {
    "chapters/02-classes/server.c": """
        static int
        base_serve(ss_server *self)
        {
        	SS_TRACE("BaseServer", "serve_forever");
        	self->cls->process_request(self); /*@ -> self.process_request */
        	return 0;
        }

        static int
        base_process(ss_server *self)
        {
        	SS_TRACE("BaseServer", "process_request");
        	self->cls->finish_request(self); /*@ -> self.finish_request */
        	return 0;
        }

        static int
        base_finish(ss_server *self)
        {
        	SS_TRACE("BaseServer", "finish_request");
        	return 0;
        }

        static void *
        thread_main(void *self)
        {
        	SS_TRACE("ThreadingMixIn", "process_request_thread");
        	((ss_server *)self)->cls->finish_request(self); /*@ -> self.finish_request */
        	return NULL;
        }

        static int
        threading_process(ss_server *self)
        {
        	SS_TRACE("ThreadingMixIn", "process_request");
        	pthread_create(&thread, NULL, thread_main, self); /*@ ~> thread_main */
        	return 0;
        }

        static int
        tcp_finish(ss_server *self)
        {
        	SS_TRACE("TCPServer", "finish_request");
        	super.finish_request(self); /*@ -> super.finish_request */
        	return 0;
        }

        const ss_server_class ss_base_server = {
        	.name = "BaseServer",
        	.serve_forever = base_serve,
        	.process_request = base_process,
        	.finish_request = base_finish,
        };
        const ss_server_class ss_threading_mixin = {
        	.name = "ThreadingMixIn",
        	.process_request = threading_process,
        };
        const ss_server_class ss_tcp_server = {
        	.name = "TCPServer",
        	.base = &ss_base_server,
        	.finish_request = tcp_finish,
        	.request_queue_size = 5,
        };
        const ss_server_class ss_threading_tcp_server = {
        	.name = "ThreadingTCPServer",
        	.base = &ss_tcp_server,
        	.mixin = &ss_threading_mixin,
        };
        /*@classes 02-classes "The classes" */
        """,
    "chapters/02-classes/programs/threads.c": """
        /*@diagram 02-threads root=base_serve server=ThreadingTCPServer "Threads" */
        """,
}
DIRS = ["chapters/01-net", "chapters/02-classes"]


def edges(dot):
    return re.findall(r'^  "([^"]*)" -> "([^"]*)"(.*);$', dot, re.M)


class Drawing(unittest.TestCase):
    def generate(self, files=None):
        with tree(files or {**NET, **CLASSES}):
            return diagram.generate(DIRS)

    def test_direct_calls_come_from_the_code_in_source_order(self):
        dots, _, problems = self.generate()
        self.assertEqual(problems, [])
        self.assertIn("ordering=out", dots["01-echo"])
        self.assertEqual([(a, b) for a, b, _ in edges(dots["01-echo"])],
                         [("main", "ss_open"), ("ss_open", "socket"), ("ss_open", "ss_helper"), ("main", "zeta"),
                          ("zeta", "ss_helper"), ("main", "close")])
        self.assertIn('[label="at the end"]', dots["01-echo"])
        # a helper leading to nothing drawn is left out, unless a label keeps it
        self.assertNotIn('"alpha"', dots["01-echo"])

    def test_self_and_super_follow_the_mixin_order(self):
        dots, _, problems = self.generate()
        self.assertEqual(problems, [])
        self.assertEqual(edges(dots["02-threads"]), [
            ("BaseServer.serve_forever", "ThreadingMixIn.process_request", ""),
            ("ThreadingMixIn.process_request", "pthread_create", ""),
            ("ThreadingMixIn.process_request", "ThreadingMixIn.process_request_thread", " [style=dashed]"),
            ("ThreadingMixIn.process_request_thread", "TCPServer.finish_request", ""),
            ("TCPServer.finish_request", "BaseServer.finish_request", "")])

    def test_class_diagram_draws_base_and_mixin(self):
        dots, _, _ = self.generate()
        self.assertIn('"ThreadingMixIn" -> "ThreadingTCPServer" [dir=back, arrowtail=empty, '
                      'style=dashed, label="mix-in"]', dots["02-classes"])
        self.assertIn('"TCPServer" -> "ThreadingTCPServer" [dir=back, arrowtail=empty]', dots["02-classes"])
        self.assertIn("request_queue_size\\ =\\ 5\\l", dots["02-classes"])

    def problems_after(self, path, old, new, files=None):
        files = dict(files or {**NET, **CLASSES})
        files[path] = files[path].replace(old, new)
        return "\n".join(self.generate(files)[2])

    def test_an_annotation_repeating_a_direct_call_is_a_problem(self):
        problems = self.problems_after("chapters/01-net/programs/echo.c", "zeta();", "zeta(); /*@ -> zeta */")
        self.assertRegex(problems, r"echo.c:9: -> zeta repeats a call the code shows")

    def test_a_label_naming_an_option_the_program_lacks_is_a_problem(self):
        problems = self.problems_after("chapters/01-net/net.c", "[kept: labelled]", "[--fast]")
        self.assertIn("names --fast, which the program of diagram 01-echo", problems)
        self.assertEqual(self.problems_after("chapters/01-net/net.c", "[kept: labelled]", "[--verbose]"), "")

    def test_unresolvable_method_calls_are_problems(self):
        problems = self.problems_after("chapters/02-classes/server.c", "super.finish_request(self); /*@ -> super.finish_request */",
                                       "super.serve_forever(self); /*@ -> super.nothing */")
        self.assertIn("super.nothing in tcp_finish: no class after TCPServer in the MRO of "
                      "ThreadingTCPServer (ThreadingTCPServer, ThreadingMixIn, TCPServer, BaseServer)", problems)
        problems = self.problems_after("chapters/02-classes/programs/threads.c", "server=ThreadingTCPServer", "server=Nobody")
        self.assertIn("server=Nobody is no class", problems)

    def test_source_problems_stop_the_diagrams(self):
        for old, new, expected in [
                ("/*@ -> close [at the end] */", "/*@ => close */", "unknown annotation"),
                ("/*@ -> close [at the end] */", "/*@ -> close [] */", "empty label"),
                ('root=main "Echo"', 'root=main', "write /*@diagram NAME"),
                ("\treturn 0;", "\treturn 0;\n        {", "has no closing '}'")]:
            with self.subTest(expected=expected):
                self.assertIn(expected, self.problems_after("chapters/01-net/programs/echo.c", old, new))
        self.assertIn("outside any function", self.problems_after(
            "chapters/02-classes/programs/threads.c", "*/\n", "*/\n/*@ -> base_serve */\n"))
        self.assertIn("already declared", self.problems_after(
            "chapters/02-classes/programs/threads.c", "*/\n", '*/\n/*@classes 02-classes "Again" */\n'))
        self.assertIn("already defined", self.problems_after(
            "chapters/02-classes/server.c", '"TCPServer"', '"BaseServer"'))


class Freshness(unittest.TestCase):
    """generate + render, then check: fresh; then each way it goes stale."""

    def fresh(self):
        self.assertEqual(run(diagram.main, "generate", "--out", "diagrams", *DIRS)[0], 0)
        self.assertEqual(run(diagram.main, "render", "diagrams/01-echo.dot", "diagrams/02-threads.dot",
                             "diagrams/02-classes.dot")[0], 0)
        status, out, err = run(diagram.main, "check", "--diagrams", "diagrams", *DIRS)
        self.assertEqual((status, err), (0, ""))
        self.assertIn("3 diagrams fresh", out)

    def check_says(self, text):
        status, _, err = run(diagram.main, "check", "--diagrams", "diagrams", *DIRS)
        self.assertEqual(status, 1)
        self.assertIn(text, err)

    def test_each_way_to_go_stale(self):
        cases = [
            (lambda: edit("chapters/01-net/programs/echo.c", "zeta();", ""),
             "diagrams/01-echo.dot:8: stale: the sources generate"),
            (lambda: edit("diagrams/01-echo.dot", "socket", "sockets"), "01-echo.dot:7: stale"),
            (lambda: os.remove("diagrams/01-echo.dot"), "01-echo.dot: missing"),
            (lambda: open("diagrams/old.dot", "w").close(), "diagrams/old.dot: orphan"),
            (lambda: os.remove("diagrams/01-echo.svg"), "01-echo.svg: missing"),
            (lambda: edit("diagrams/01-echo.svg", "<!-- dot-hash: fnv1a64:", "<!-- "), "no dot-hash comment"),
            (lambda: edit("diagrams/01-echo.dot", "}\n", "}\n\n"), "01-echo.svg: stale: rendered from another"),
        ]
        for breaks, expected in cases:
            with self.subTest(expected=expected), tree({**NET, **CLASSES}):
                self.fresh()
                breaks()
                self.check_says(expected)

    def test_render_keeps_a_fresh_svg_and_stamps_the_hash(self):
        with tree({**NET, **CLASSES}):
            self.fresh()
            self.assertEqual(run(diagram.main, "render", "diagrams/01-echo.dot")[1], "")
            self.assertIn("rendered", run(diagram.main, "render", "--force", "diagrams/01-echo.dot")[1])
            with open("diagrams/01-echo.dot", "rb") as f, open("diagrams/01-echo.svg") as svg:
                self.assertIn(diagram.hash_comment(f.read()), svg.read())
        self.assertEqual(diagram.fnv1a64(b"a"), 0xaf63dc4c8601ec8c)  # the FNV-1a test vector

    def test_generate_writes_nothing_on_a_problem_and_usage_is_checked(self):
        files = {**NET, **CLASSES}
        files["chapters/01-net/net.c"] += "/*@ -> nowhere */\n"
        with tree(files):
            status, _, err = run(diagram.main, "generate", "--out", "diagrams", *DIRS)
            self.assertEqual(status, 1)
            self.assertIn("nothing written", err)
            self.assertFalse(os.path.exists("diagrams"))
        self.assertEqual(run(diagram.main, "check", "diagrams")[0], 2)
        self.assertEqual(run(diagram.main)[0], 2)
        self.assertEqual(run(diagram.main, "--help")[0], 0)


if __name__ == "__main__":
    unittest.main()
