"""The shell tools: check-layers fails on a forward include; run-tests counts
Python unittest results like cmocka's."""
import os
import subprocess
import unittest

from tests import TOOLS, tree

LAYERS = {
    "chapters/01-a/a.h": "int a(void);\n",
    "chapters/01-a/a.c": '#include "a.h"\n',
    "chapters/02-b/b.h": '#include "a.h"\n',
    "tests/02-b/test_b.c": '#include "b.h"\n#include "support.h"\n',
    "tests/support/support.h": "\n",
    "lib/socketserver.h": '#include "a.h"\n#include "b.h"\n',
}


def shell(*command):
    done = subprocess.run(command, capture_output=True, text=True)
    return done.returncode, done.stdout + done.stderr


class CheckLayers(unittest.TestCase):
    def test_passes_then_fails_on_a_forward_include(self):
        with tree(LAYERS):
            status, out = shell(os.path.join(TOOLS, "check-layers"), "01-a", "02-b")
            self.assertEqual(status, 0, out)
            with open("chapters/01-a/a.c", "a") as f:
                f.write('#include "b.h"\n')
            status, out = shell(os.path.join(TOOLS, "check-layers"), "01-a", "02-b")
            self.assertEqual(status, 1)
            self.assertIn('chapters/01-a/a.c includes "b.h", which is not in chapters 1..01', out)

    def test_fails_on_an_umbrella_header_missing_one(self):
        with tree({**LAYERS, "lib/socketserver.h": '#include "a.h"\n'}):
            status, out = shell(os.path.join(TOOLS, "check-layers"), "01-a", "02-b")
            self.assertEqual(status, 1)
            self.assertIn('lib/socketserver.h neither includes "b.h"', out)

    def test_an_internal_header_named_as_not_installed_passes(self):
        umbrella = '/* Not installed: b.h */\n#include "a.h"\n'
        with tree({**LAYERS, "lib/socketserver.h": umbrella}):
            status, out = shell(os.path.join(TOOLS, "check-layers"), "01-a", "02-b")
            self.assertEqual(status, 0, out)


class RunTests(unittest.TestCase):
    def test_counts_unittest_results(self):
        files = {"t/__init__.py": "", "t/test_x.py": "import unittest\n\nclass T(unittest.TestCase):\n"
                                "    def test_a(self): pass\n    def test_b(self): pass\n"
                                "    def test_c(self): self.fail('no')\n    def test_d(self): raise OSError\n"}
        with tree(files):
            status, out = shell(os.path.join(TOOLS, "run-tests"), "python", "t")
            self.assertEqual(status, 1)
            self.assertIn("python: 2 passed, 2 failed", out)
            with open("t/test_x.py", "w") as f:
                f.write("import unittest\n\nclass T(unittest.TestCase):\n    def test_a(self): pass\n")
            status, out = shell(os.path.join(TOOLS, "run-tests"), "python", "t")
            self.assertEqual((status, out.splitlines()[-1]), (0, "python: 1 passed, 0 failed"))


if __name__ == "__main__":
    unittest.main()
