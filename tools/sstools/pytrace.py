"""pytrace — CPython's own socketserver, traced in the library's format.

    from sstools import pytrace
    pytrace.start()            # every socketserver method call from now on
    ... run a socketserver scenario ...
    pytrace.stop()

Each call of a method of socketserver's classes, or of a subclass of them
(a handler's handle, a server's verify_request), writes one line to stderr,
exactly as SS_TRACE=1 does in C (chapters/03-base-server/trace.h):

    ss-trace pid=4242 tid=1 depth=2     TCPServer.get_request

Class is the class that defines the method (Python's own name for it), tid
numbers threads 1, 2, 3 ... in the order they first trace, and depth counts
the traced calls that enclose this one in its thread. The hook is
sys.setprofile (threading.setprofile for threads started later): standard
library only, nothing in socketserver is changed.
"""
import os
import socketserver
import sys
import threading

_ROOTS = (socketserver.BaseServer, socketserver.BaseRequestHandler,
          socketserver.ThreadingMixIn, socketserver.ForkingMixIn)
_local = threading.local()
_tids = {}
_tids_lock = threading.Lock()
_pid = None


def _thread_number():
    """1, 2, 3 ... per thread, in the order threads first trace; a forked
    child starts its own numbering, as the C library does."""
    global _pid
    with _tids_lock:
        if _pid != os.getpid():
            _pid = os.getpid()
            _tids.clear()
        ident = threading.get_ident()
        if ident not in _tids:
            _tids[ident] = len(_tids) + 1
        return _tids[ident]


def method_name(frame):
    """'Class.method' when frame runs a method of a socketserver class or a
    subclass, else None. The class is the one in type(self).__mro__ whose own
    __dict__ holds the function being run — the defining class."""
    code = frame.f_code
    if not code.co_varnames or code.co_varnames[0] != 'self':
        return None
    self = frame.f_locals.get('self')
    if self is None or not isinstance(self, _ROOTS):
        return None
    for cls in type(self).__mro__:
        function = cls.__dict__.get(code.co_name)
        if getattr(function, '__code__', None) is code:
            return f'{cls.__name__}.{code.co_name}'
    return None


def _profile(frame, event, arg):
    if event == 'call':
        name = method_name(frame)
        if name is None:
            return
        depth = getattr(_local, 'depth', 0)
        line = (f'ss-trace pid={os.getpid()} tid={_thread_number()} '
                f'depth={depth} {"  " * depth}{name}\n')
        os.write(2, line.encode())
        _local.depth = depth + 1
        frames = getattr(_local, 'frames', None)
        if frames is None:
            frames = _local.frames = set()
        frames.add(id(frame))
    elif event == 'return':
        frames = getattr(_local, 'frames', None)
        if frames and id(frame) in frames:
            frames.discard(id(frame))
            _local.depth -= 1


def start():
    """Trace this thread and every thread started from now on."""
    threading.setprofile(_profile)
    sys.setprofile(_profile)


def stop():
    sys.setprofile(None)
    threading.setprofile(None)
