#!/usr/bin/env python3
"""scenarios.py — one request through CPython's own socketserver, traced.

    chapters/07-library/scenarios.py SCENARIO 2>trace.txt

runs SCENARIO with every socketserver method call written to stderr in the
C library's trace format (tools/sstools/pytrace.py). programs/scenario.c
runs the same scenarios on the C library (SS_TRACE=1); tools/trace compare
sets the two call sequences side by side. Each scenario is written to make
the same calls on both sides, in the same order:

  tcp            TCPServer: a client connects, handle_request() serves it, server_close()
  threading      the same on ThreadingTCPServer: the handler on a new thread
  forking        the same on ForkingTCPServer: the handler in a child process
  udp            UDPServer: one datagram, answered
  verify-refused a TCPServer subclass whose verify_request says no
  handler-error  a handler that fails: handle_error reports it, the server goes on
  timeout        handle_request() with timeout 0.01 and no client: handle_timeout()
  shutdown       serve_forever() on a thread, one request, shutdown() from the main thread
"""
import os
import socket
import socketserver
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tools'))
from sstools import pytrace  # noqa: E402


class EchoHandler(socketserver.BaseRequestHandler):
    """Stream: one recv, sent back. Datagram: the packet, sent back."""
    def handle(self):
        if isinstance(self.request, tuple):
            packet, sock = self.request
            sock.sendto(packet, self.client_address)
        else:
            self.request.sendall(self.request.recv(4096))


class FailingHandler(socketserver.BaseRequestHandler):
    def handle(self):
        raise RuntimeError('this handler always fails')


class RefusingServer(socketserver.TCPServer):
    def verify_request(self, request, client_address):
        return False


def stream_client(address, expect_reply=True):
    with socket.create_connection(address) as client:
        client.sendall(b'hello')
        reply = client.recv(4096) if expect_reply else b''
    return reply


def one_stream_request(server_class, handler=EchoHandler, expect_reply=True):
    """A client connects first (the backlog holds it), then handle_request()."""
    server = server_class(('127.0.0.1', 0), handler)
    replies = []
    client = threading.Thread(
        target=lambda: replies.append(stream_client(server.server_address, expect_reply)))
    client.start()
    server.handle_request()
    client.join()
    server.server_close()
    return replies


def scenario_tcp():
    assert one_stream_request(socketserver.TCPServer) == [b'hello']


def scenario_threading():
    assert one_stream_request(socketserver.ThreadingTCPServer) == [b'hello']


def scenario_forking():
    assert one_stream_request(socketserver.ForkingTCPServer) == [b'hello']


def scenario_udp():
    server = socketserver.UDPServer(('127.0.0.1', 0), EchoHandler)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as client:
        client.sendto(b'hello', server.server_address)
        server.handle_request()
        assert client.recv(4096) == b'hello'
    server.server_close()


def scenario_verify_refused():
    assert one_stream_request(RefusingServer, expect_reply=False) == [b'']


def scenario_handler_error():
    # handle_error's traceback goes to stderr among the trace lines; the
    # trace reader keeps only the lines that start with "ss-trace".
    assert one_stream_request(socketserver.TCPServer, FailingHandler,
                              expect_reply=False) == [b'']


def scenario_timeout():
    server = socketserver.TCPServer(('127.0.0.1', 0), EchoHandler)
    server.timeout = 0.01
    server.handle_request()
    server.server_close()


def scenario_shutdown():
    server = socketserver.TCPServer(('127.0.0.1', 0), EchoHandler)
    serving = threading.Thread(target=server.serve_forever, args=(0.01,))
    serving.start()
    assert stream_client(server.server_address) == b'hello'
    server.shutdown()
    serving.join()
    server.server_close()


SCENARIOS = {name[len('scenario_'):].replace('_', '-'): function
             for name, function in globals().items() if name.startswith('scenario_')}


def main(argv):
    if len(argv) != 2 or argv[1] not in SCENARIOS:
        print(f'usage: {argv[0]} {"|".join(SCENARIOS)}', file=sys.stderr)
        return 2
    pytrace.start()
    try:
        SCENARIOS[argv[1]]()
    finally:
        pytrace.stop()
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
