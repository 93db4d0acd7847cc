"""Tests of sstools.amalgamate: the single-file distribution."""
import os
import sys
import tempfile
import unittest

from sstools import amalgamate


def write(root, files):
    for path, text in files.items():
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, 'w') as file:
            file.write(text)


CHAPTERS = {
    'c/01-a/a.h': '#ifndef A_H\n#define A_H\nint a(void);\n#endif\n',
    'c/01-a/a.c': '#define _GNU_SOURCE /* ppoll */\n#include "a.h"\n#include <poll.h>\nint a(void) { return 1; }\n',
    'c/02-b/b.h': '#include "a.h"\nint b(void);\n',
    'c/02-b/b_private.h': '#include "b.h"\nstatic int hidden;\n',
    'c/02-b/b.c': '#include "b_private.h"\nint b(void) { return a() + hidden; }\n',
    'lib/umbrella.h': '#include "a.h"\n#include "b.h"\n',
}


class AmalgamateTest(unittest.TestCase):
    def setUp(self):
        self.work = tempfile.TemporaryDirectory()
        self.root = self.work.name
        write(self.root, CHAPTERS)
        self.chapters = [os.path.join(self.root, 'c', name) for name in ('01-a', '02-b')]
        self.umbrella = os.path.join(self.root, 'lib/umbrella.h')

    def tearDown(self):
        self.work.cleanup()

    def test_each_header_once_in_include_order(self):
        header = amalgamate.build(self.umbrella, self.chapters)['socketserver.h']
        self.assertEqual(header.count('int a(void);'), 1)
        self.assertLess(header.index('int a(void);'), header.index('int b(void);'))
        self.assertNotIn('#include "', header)

    def test_private_headers_go_into_the_source_only(self):
        files = amalgamate.build(self.umbrella, self.chapters)
        self.assertNotIn('static int hidden', files['socketserver.h'])
        self.assertIn('static int hidden', files['socketserver.c'])
        self.assertEqual(files['socketserver.c'].count('#include "'), 1)  # socketserver.h

    def test_feature_macros_come_before_any_system_header(self):
        source = amalgamate.build(self.umbrella, self.chapters)['socketserver.c']
        self.assertLess(source.index('#define _GNU_SOURCE'), source.index('#include <poll.h>'))
        self.assertLess(source.index('#define _POSIX_C_SOURCE 200809L'),
                        source.index('#include <poll.h>'))
        self.assertEqual(source.count('#define _GNU_SOURCE'), 1)

    def test_an_unknown_include_is_an_error(self):
        write(self.root, {'c/02-b/b.c': '#include "nowhere.h"\n'})
        with self.assertRaisesRegex(ValueError, 'nowhere.h'):
            amalgamate.build(self.umbrella, self.chapters)

    def test_two_statics_of_one_name_are_named(self):
        write(self.root, {'c/01-a/a.c': 'static int\nhelper(void)\n{\n\treturn 1;\n}\n',
                          'c/02-b/b.c': 'static int\nhelper(void)\n{\n\treturn 2;\n}\n'})
        with self.assertRaisesRegex(ValueError, 'static helper is defined in both .*a.c and .*b.c'):
            amalgamate.build(self.umbrella, self.chapters)

    def test_check_fails_on_stale_files_and_passes_on_fresh_ones(self):
        out = os.path.join(self.root, 'dist')
        args = ['--umbrella', self.umbrella, out] + self.chapters
        with open(os.devnull, 'w') as quiet:
            saved, sys.stderr, sys.stdout = (sys.stderr, sys.stdout), quiet, quiet
            try:
                self.assertEqual(amalgamate.main(['--check'] + args), 1)  # not written yet
                self.assertEqual(amalgamate.main(args), 0)
                self.assertEqual(amalgamate.main(['--check'] + args), 0)
                with open(os.path.join(out, 'socketserver.c'), 'a') as file:
                    file.write('/* edited by hand */\n')
                self.assertEqual(amalgamate.main(['--check'] + args), 1)
            finally:
                sys.stderr, sys.stdout = saved


if __name__ == '__main__':
    unittest.main()
