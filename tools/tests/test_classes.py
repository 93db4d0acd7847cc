"""The class model reads class tables exactly as chapters/03-base-server/class.c
resolves them: the same tables go to the C resolver (compiled here) and to
sstools.classes, and the orders must be equal."""
import os
import subprocess
import tempfile
import unittest

from sstools.classes import Model
from sstools.source import Source, read_chapters
from tests import ROOT

# Every shape class.c knows: a chain, a mix-in in front of a base (chapter
# 5's ThreadingTCPServer), a mix-in with a base and a mix-in of its own.
TABLES = """
const ss_server_class t_base = { .name = "BaseServer" };
const ss_server_class t_tcp = { .name = "TCPServer", .base = &t_base };
const ss_server_class t_udp = { .name = "UDPServer", .base = &t_tcp };
const ss_server_class t_threading = { .name = "ThreadingMixIn" };
const ss_server_class t_forking = { .name = "ForkingMixIn", .base = &t_threading };
const ss_server_class t_logging = { .name = "LoggingMixIn", .mixin = &t_forking, .base = &t_tcp };
const ss_server_class t_threading_tcp = {
	.name = "ThreadingTCPServer",
	.base = &t_tcp,
	.mixin = &t_threading,
};
const ss_server_class t_threading_udp = { .name = "ThreadingUDPServer", .base = &t_udp, .mixin = &t_threading };
const ss_server_class t_everything = { .name = "Everything", .base = &t_threading_udp, .mixin = &t_logging };
"""
NAMES = ["t_base", "t_tcp", "t_udp", "t_threading", "t_forking", "t_logging", "t_threading_tcp",
         "t_threading_udp", "t_everything"]

PROGRAM = """
#include "class.c"
#include <stdio.h>
%s
static void
print_name(const ss_server_class *cls, void *context)
{
	(void)context;
	printf("%%s ", cls->name);
}

int
main(void)
{
	const ss_server_class *classes[] = {%s};
	for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++) {
		walk_resolution_order(classes[i], print_name, NULL);
		printf("\\n");
	}
	return 0;
}
"""


class ResolutionOrder(unittest.TestCase):
    def test_python_walks_the_classes_as_class_c_does(self):
        chapters = [os.path.join(ROOT, "chapters", c) for c in sorted(os.listdir(os.path.join(ROOT, "chapters")))
                    if c[:2] in ("01", "02", "03")]
        with tempfile.TemporaryDirectory() as work:
            with open(os.path.join(work, "walk.c"), "w") as f:
                f.write(PROGRAM % (TABLES, ", ".join("&" + n for n in NAMES)))
            subprocess.run(["cc", "-std=c11", "-D_POSIX_C_SOURCE=200809L", "-D_DEFAULT_SOURCE", "-w"]
                           + [f"-I{c}" for c in chapters] + ["walk.c", "-o", "walk"], cwd=work, check=True)
            c_orders = subprocess.run([os.path.join(work, "walk")], capture_output=True, text=True,
                                      check=True).stdout.split("\n")[:len(NAMES)]
        source = Source("chapters/05-x/tables.c", TABLES)
        model = Model([source], 5)
        by_symbol = {c.table.symbol: c for c in model.classes.values()}
        python_orders = [" ".join(c.name for c in by_symbol[n].walk()) + " " for n in NAMES]
        self.assertEqual(python_orders, c_orders)
        self.assertEqual(c_orders[6], "ThreadingTCPServer ThreadingMixIn TCPServer BaseServer ")
        # lookups use the order with repeats dropped
        self.assertEqual([c.name for c in by_symbol["t_everything"].mro()],
                         ["Everything", "LoggingMixIn", "ForkingMixIn", "ThreadingMixIn", "TCPServer",
                          "BaseServer", "ThreadingUDPServer", "UDPServer"])

    def test_the_chapters_classes(self):
        self.addCleanup(os.chdir, os.getcwd())
        os.chdir(ROOT)
        sources = read_chapters([os.path.join("chapters", c) for c in sorted(os.listdir("chapters"))])
        model = Model(sources, 4)
        self.assertEqual(model.problems, [])
        self.assertEqual([c.name for c in model.classes["UnixDatagramServer"].mro()],
                         ["UnixDatagramServer", "UDPServer", "TCPServer", "BaseServer"])
        tcp = model.classes["TCPServer"]
        self.assertEqual(model.node[id(tcp.methods["init"])], "TCPServer.__init__")
        self.assertIn(("attributes", "&ss_tcp_defaults"), tcp.attributes)
        self.assertIn("PollSelector.select", model.untraced)

    def test_only_a_first_statement_is_a_trace_point(self):
        source = Source("chapters/05-x/t.c", 'int\nf(void)\n{\n\tgetenv("SS_TRACE(");\n\t/* SS_TRACE( */\n}\n'
                        'int\ng(void)\n{\n\tSS_TRACE("G", "g");\n}\n')
        self.assertEqual(source.problems, [])
        self.assertEqual([f.trace for f in source.functions], [None, ("G", "g")])

    def test_class_problems(self):
        for tables, expected in [
            ('const ss_server_class a = { .name = "A", .base = &b };\n'
             'const ss_server_class b = { .name = "B", .mixin = &a };\n', "class A inherits from itself"),
            ('const ss_server_class a = { .name = "A", .base = &nowhere };\n', ".base &nowhere is no class table"),
            ('const ss_server_class a = { .base = NULL };\n', 'class table a has no .name'),
            ('const ss_server_class a = { .name = "A", .base = b };\n', ".base must be &SYMBOL"),
            ('int\nf(void)\n{\n\tSS_TRACE("B", "f");\n}\nconst ss_server_class a = { .name = "A", .f = f };\n',
             "A.f is implemented by f, but its SS_TRACE names it B.f"),
            ('int\nf(void)\n{\n\tint x;\n\tSS_TRACE("A", "f");\n}\n', "SS_TRACE in f is not its first statement"),
        ]:
            with self.subTest(expected=expected):
                source = Source("chapters/05-x/t.c", tables)
                self.assertIn(expected, "\n".join(source.problems + Model([source], 5).problems))


if __name__ == "__main__":
    unittest.main()
