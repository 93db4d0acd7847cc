#!/usr/bin/env python3
"""2-same-calls.py — the Python side of exercise 2, on CPython's own socketserver.

    exercises/07-library/2-same-calls.py 2>python.trace

GreetingHandler greets in setup and says goodbye in finish, each around
StreamRequestHandler's own; the scenario below serves one client with it
on a TCPServer. Every socketserver method call goes to stderr in the C
library's trace format (tools/sstools/pytrace.py). Your C twin of
GreetingHandler (2-same-calls.c) is run through the same scenario by the
test, with SS_TRACE=1, and `tools/trace compare` must find the two call
sequences equal, call for call.
"""
import os
import socket
import socketserver
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tools'))
from sstools import pytrace  # noqa: E402


class GreetingHandler(socketserver.StreamRequestHandler):
    def setup(self):
        super().setup()                 # makes self.rfile and self.wfile
        self.wfile.write(b'welcome\n')

    def handle(self):
        self.wfile.write(self.rfile.readline().upper())

    def finish(self):
        self.wfile.write(b'bye\n')
        super().finish()                # flushes and closes them


def client(address, heard):
    """Say one line, then listen until the server closes."""
    with socket.create_connection(address) as connection:
        connection.sendall(b'hi\n')
        while data := connection.recv(4096):
            heard.append(data)


def main():
    pytrace.start()
    try:
        server = socketserver.TCPServer(('127.0.0.1', 0), GreetingHandler)
        heard = []
        talking = threading.Thread(target=client, args=(server.server_address, heard))
        talking.start()
        server.handle_request()
        talking.join()
        server.server_close()
    finally:
        pytrace.stop()
    assert b''.join(heard) == b'welcome\nHI\nbye\n', heard
    return 0


if __name__ == '__main__':
    sys.exit(main())
