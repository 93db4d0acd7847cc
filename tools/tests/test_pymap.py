"""Tests of sstools.pymap: the book's map of Python's socketserver."""
import os
import sys
import tempfile
import textwrap
import unittest

from sstools import pymap

MODULE = textwrap.dedent('''
    __all__ = ["Server"]
    class Server:
        timeout = None
        def __init__(self, address):
            self.server_address = address
        def serve(self):
            pass
    if hasattr(os, "fork"):
        class Forking:
            max_children = 40
''')

BOOK = textwrap.dedent('''
    Some prose.
    <!-- map -->
    | Python | C | where |
    |---|---|---|
    | `Server` | `ss_server_new` | chapter 3 |
    | `Server.timeout` | `ss_set_timeout` | chapter 3 |
    | `Server.__init__` | `ss_server_new` | chapter 3 |
    | `Server.server_address` | `server_address` field | chapter 3 |
    | `Server.serve` | `ss_serve` | chapter 3 |
    | `Forking` | — | not in C: chapter 5 says why |
    | `Forking.max_children` | — | chapter 5 |
    <!-- /map -->
''')


class PyMapTest(unittest.TestCase):
    def setUp(self):
        self.work = tempfile.TemporaryDirectory()
        with open(os.path.join(self.work.name, 'lib.c'), 'w') as file:
            file.write('ss_server *ss_server_new(void);\nvoid ss_set_timeout(double t);\n'
                       'int ss_serve(void);\n')
        self.names = pymap.python_names(MODULE)

    def tearDown(self):
        self.work.cleanup()

    def problems(self, book):
        return pymap.check(book, [self.work.name], self.names)

    def test_names_come_from_classes_methods_and_self_attributes(self):
        self.assertEqual(self.names, ['Forking', 'Forking.max_children', 'Server',
                                      'Server.__init__', 'Server.serve',
                                      'Server.server_address', 'Server.timeout'])

    def test_a_whole_map_passes(self):
        self.assertEqual(self.problems(BOOK), [])

    def test_a_python_name_left_out_fails(self):
        book = BOOK.replace('| `Server.serve` | `ss_serve` | chapter 3 |\n', '')
        self.assertEqual(self.problems(book),
                         ["book.md: the map does not account for Python's Server.serve"])

    def test_a_row_for_a_name_python_lacks_fails(self):
        book = BOOK.replace('<!-- /map -->', '| `Server.nothing` | — | nowhere really |\n<!-- /map -->')
        self.assertTrue(any('Server.nothing is not a name' in p for p in self.problems(book)))

    def test_an_unknown_c_name_fails(self):
        book = BOOK.replace('`ss_serve`', '`ss_serve_all`')
        self.assertTrue(any('ss_serve_all is defined in no chapter' in p for p in self.problems(book)))

    def test_a_row_without_where_fails(self):
        book = BOOK.replace('| `Forking.max_children` | — | chapter 5 |', '| `Forking.max_children` | — | — |')
        self.assertTrue(any('does not say where' in p for p in self.problems(book)))

    def test_a_name_mapped_twice_fails(self):
        book = BOOK.replace('<!-- /map -->', '| `Server` | `ss_server_new` | again |\n<!-- /map -->')
        self.assertTrue(any('mapped twice' in p for p in self.problems(book)))

    def test_a_book_without_the_table_is_an_error(self):
        with self.assertRaises(ValueError):
            self.problems('no table here')

    def test_the_real_module_is_read(self):
        names = pymap.python_names()
        for name in ('BaseServer.serve_forever', 'ThreadingMixIn.daemon_threads',
                     'StreamRequestHandler.rbufsize', 'TCPServer.socket'):
            self.assertIn(name, names)


if __name__ == '__main__':
    unittest.main()
