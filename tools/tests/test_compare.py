"""Tests of sstools.compare and sstools.pytrace: the side-by-side with Python."""
import os
import socket
import socketserver
import subprocess
import sys
import tempfile
import textwrap
import unittest

from sstools import compare


def trace(text):
    return textwrap.dedent(text).strip().splitlines()


TCP = trace('''
    ss-trace pid=7 tid=1 depth=0 BaseServer.handle_request
    ss-trace pid=7 tid=1 depth=1   BaseServer._handle_request_noblock
    ss-trace pid=7 tid=1 depth=2     TCPServer.get_request
    ss-trace pid=7 tid=1 depth=2     BaseServer.process_request
    ss-trace pid=7 tid=1 depth=0 TCPServer.server_close
''')


class CompareTest(unittest.TestCase):
    def test_the_same_calls_compare_equal(self):
        report, undocumented = compare.compare(TCP, TCP)
        self.assertEqual(undocumented, 0)
        self.assertIn('TCPServer.get_request', '\n'.join(report))

    def test_pids_and_other_lines_do_not_matter(self):
        other = [line.replace('pid=7', 'pid=99') for line in TCP]
        other.insert(2, 'Exception occurred during processing of request from ...')
        self.assertEqual(compare.compare(TCP, other)[1], 0)

    def test_a_missing_call_is_a_difference(self):
        python = [line for line in TCP if 'get_request' not in line]
        report, undocumented = compare.compare(TCP, python)
        self.assertEqual(undocumented, 1)
        self.assertIn('undocumented: +TCPServer.get_request', '\n'.join(report))

    def test_a_call_at_another_depth_is_a_difference(self):
        python = [line.replace('depth=2     TCPServer.get_request', 'depth=1   TCPServer.get_request')
                  for line in TCP]
        self.assertGreater(compare.compare(TCP, python)[1], 0)

    def test_a_documented_difference_is_allowed_and_explained(self):
        python = [line for line in TCP if 'get_request' not in line]
        allowed = compare.read_differences('tcp +TCPServer.get_request  C reads it too\n')
        report, undocumented = compare.compare(TCP, python, 'tcp', allowed)
        self.assertEqual(undocumented, 0)
        self.assertIn('C reads it too', '\n'.join(report))
        # ...for its scenario only
        self.assertEqual(compare.compare(TCP, python, 'udp', allowed)[1], 1)

    def test_a_documented_wrapper_is_looked_through(self):
        wrapped = trace('''
            ss-trace pid=7 tid=1 depth=0 ThreadingMixIn.__init__
            ss-trace pid=7 tid=1 depth=1   TCPServer.__init__
            ss-trace pid=7 tid=1 depth=2     BaseServer.__init__
        ''')
        python = trace('''
            ss-trace pid=7 tid=1 depth=0 TCPServer.__init__
            ss-trace pid=7 tid=1 depth=1   BaseServer.__init__
        ''')
        self.assertGreater(compare.compare(wrapped, python)[1], 0)
        allowed = compare.read_differences('* +ThreadingMixIn.__init__  the mix-in keeps state\n')
        report, undocumented = compare.compare(wrapped, python, 'threading', allowed)
        self.assertEqual(undocumented, 0, '\n'.join(report))
        self.assertIn('+ThreadingMixIn.__init__ (C only, looked through): the mix-in keeps state',
                      '\n'.join(report))

    def test_a_caller_qualified_difference_applies_under_that_caller_only(self):
        c = trace('''
            ss-trace pid=7 tid=1 depth=0 ThreadingMixIn.process_request
            ss-trace pid=7 tid=1 depth=1   TCPServer.fileno
            ss-trace pid=7 tid=1 depth=0 BaseServer.handle_request
            ss-trace pid=7 tid=1 depth=1   TCPServer.fileno
        ''')
        python = trace('''
            ss-trace pid=7 tid=1 depth=0 ThreadingMixIn.process_request
            ss-trace pid=7 tid=1 depth=0 BaseServer.handle_request
        ''')
        allowed = compare.read_differences(
            '* +ThreadingMixIn.process_request/TCPServer.fileno  a datagram needs its own socket\n')
        # the fileno under process_request is documented; the one under handle_request is not
        self.assertEqual(compare.compare(c, python, 'x', allowed)[1], 1)

    def test_a_star_documents_every_scenario(self):
        python = [line for line in TCP if 'get_request' not in line]
        allowed = compare.read_differences('* +TCPServer.get_request  always\n')
        self.assertEqual(compare.compare(TCP, python, 'udp', allowed)[1], 0)

    def test_a_malformed_differences_line_is_an_error(self):
        with self.assertRaisesRegex(ValueError, 'line 2'):
            compare.read_differences('# a comment\ntcp TCPServer.get_request no sign\n')

    def test_loop_passes_fold_to_one(self):
        loop = trace('''
            ss-trace pid=1 tid=1 depth=0 BaseServer.serve_forever
            ss-trace pid=1 tid=1 depth=1   BaseServer.service_actions
            ss-trace pid=1 tid=1 depth=1   BaseServer.service_actions
            ss-trace pid=1 tid=1 depth=1   BaseServer.service_actions
        ''')
        self.assertEqual(compare.flatten(compare.fold(compare.tree(compare.threads(loop)[0][1]))),
                         ['BaseServer.serve_forever', '  BaseServer.service_actions'])

    def test_threads_are_compared_separately(self):
        two = TCP + ['ss-trace pid=7 tid=2 depth=0 ThreadingMixIn.process_request_thread']
        self.assertEqual(compare.compare(two, two)[1], 0)
        self.assertGreater(compare.compare(two, TCP)[1], 0)

    def test_a_child_process_is_its_own_thread(self):
        child = TCP + ['ss-trace pid=8 tid=1 depth=3       BaseServer.finish_request']
        labels = [label for label, _ in compare.threads(child)]
        self.assertEqual(labels, ['process 1 thread 1', 'process 2 thread 1'])
        # a child starts deep: its tree starts at its own first depth
        self.assertEqual(compare.tree(compare.threads(child)[1][1]),
                         [('BaseServer.finish_request', [])])

    def test_the_command_fails_on_a_difference(self):
        with tempfile.TemporaryDirectory() as work:
            c, python = os.path.join(work, 'c'), os.path.join(work, 'py')
            with open(c, 'w') as file:
                file.write('\n'.join(TCP))
            with open(python, 'w') as file:
                file.write('\n'.join(TCP[:-1]))
            with open(os.devnull, 'w') as quiet:
                saved, sys.stdout, sys.stderr = (sys.stdout, sys.stderr), quiet, quiet
                try:
                    self.assertEqual(compare.main([c, c]), 0)
                    self.assertEqual(compare.main([c, python]), 1)
                    self.assertEqual(compare.main([c, os.path.join(work, 'none')]), 2)
                finally:
                    sys.stdout, sys.stderr = saved


class PythonTracerTest(unittest.TestCase):
    """sstools.pytrace on CPython's own socketserver, in a child interpreter
    (the profile hook is process-wide)."""

    def run_traced(self, body):
        program = textwrap.dedent('''
            import os, socket, socketserver, sys, threading
            sys.path.insert(0, {tools!r})
            from sstools import pytrace
            class EchoHandler(socketserver.BaseRequestHandler):
                def handle(self):
                    self.request.sendall(self.request.recv(100))
            pytrace.start()
        ''').format(tools=os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
        program += textwrap.dedent(body) + '\npytrace.stop()\n'
        done = subprocess.run([sys.executable, '-c', program], capture_output=True,
                              text=True, timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr)
        return [line for line in done.stderr.splitlines() if line.startswith('ss-trace')]

    def test_the_defining_class_names_the_call(self):
        lines = self.run_traced('''
            server = socketserver.TCPServer(('127.0.0.1', 0), EchoHandler)
            client = socket.create_connection(server.server_address)
            client.sendall(b'hi')
            server.handle_request()
            client.close()
            server.server_close()
        ''')
        calls = [line.split()[-1] for line in lines]
        self.assertEqual(calls[:4], ['TCPServer.__init__', 'BaseServer.__init__',
                                     'TCPServer.server_bind', 'TCPServer.server_activate'])
        self.assertIn('EchoHandler.handle', calls)
        self.assertIn('BaseRequestHandler.setup', calls)
        depths = {line.split()[-1]: int(line.split()[3][len('depth='):]) for line in lines}
        self.assertEqual(depths['TCPServer.get_request'], 2)
        self.assertEqual(depths['EchoHandler.handle'], 5)

    def test_a_handler_thread_has_its_own_number(self):
        lines = self.run_traced('''
            server = socketserver.ThreadingTCPServer(('127.0.0.1', 0), EchoHandler)
            client = socket.create_connection(server.server_address)
            client.sendall(b'hi')
            server.handle_request()
            client.recv(10)
            client.close()
            server.server_close()
        ''')
        thread_of = {line.split()[-1]: line.split()[2] for line in lines}
        self.assertEqual(thread_of['ThreadingMixIn.process_request'], 'tid=1')
        self.assertEqual(thread_of['ThreadingMixIn.process_request_thread'], 'tid=2')


if __name__ == '__main__':
    unittest.main()
