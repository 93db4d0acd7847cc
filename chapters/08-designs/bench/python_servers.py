#!/usr/bin/env python3
"""Python's own socketserver servers, for chapter 8's benchmark matrix.

    python_servers.py --server TCPServer|ThreadingTCPServer|ForkingTCPServer
                      --listen HOST:PORT [--request-queue-size N]

The handler is the line echo every design in the matrix runs: a
StreamRequestHandler that reads a line and writes it back, until the client
closes. Prints "listening on HOST:PORT" (port 0: the real port) once it
listens; SIGINT/SIGTERM stop it with exit status 0, like the C programs.

--request-queue-size sets the class attribute request_queue_size, the
listen() backlog: Python's default is 5, which at 128 simultaneous
connections leaves clients' SYNs dropped and retried a second later.
"""
import argparse
import signal
import socketserver
import sys


class LineEcho(socketserver.StreamRequestHandler):
    def handle(self):
        for line in self.rfile:
            self.wfile.write(line)


SERVERS = {
    "TCPServer": socketserver.TCPServer,
    "ThreadingTCPServer": socketserver.ThreadingTCPServer,
    "ForkingTCPServer": socketserver.ForkingTCPServer,
}


def parse_address(text):
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' is not HOST:PORT")
    return host.strip("[]") or "127.0.0.1", int(port)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", required=True, choices=sorted(SERVERS))
    parser.add_argument("--listen", required=True, type=parse_address)
    parser.add_argument("--request-queue-size", type=int, default=None)
    options = parser.parse_args(argv)

    base = SERVERS[options.server]
    attributes = {"allow_reuse_address": True, "daemon_threads": True}
    if options.request_queue_size is not None:
        attributes["request_queue_size"] = options.request_queue_size
    if ":" in options.listen[0]:
        import socket
        attributes["address_family"] = socket.AF_INET6
    server_class = type(options.server, (base,), attributes)

    def stop(signal_number, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        server = server_class(options.listen, LineEcho)
    except OSError as error:
        print(f"python_servers: cannot listen on {options.listen}: {error}", file=sys.stderr)
        return 1
    with server:
        host, port = server.server_address[:2]
        print(f"listening on {'[' + host + ']' if ':' in host else host}:{port}", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
