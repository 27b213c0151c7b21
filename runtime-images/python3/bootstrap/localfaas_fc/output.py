"""The process's output: one lock over fd 1 and 2, the FC markers, and the held Start marker (PROTOCOL.md §5).

A call's Start marker is held back until the first thing written after it (through sys.stdout, sys.stderr or the
root logger), the call's End marker, or HOLD_SECONDS, whichever comes first; it is then written before that, so a
call that writes nothing costs one write for both markers.
"""
import os
import sys
import threading

HOLD_SECONDS = 0.05

_lock = threading.RLock()
_held = b''
_deadline = None
_wake = threading.Condition(_lock)


def _write_fd(fd, data):
    while data:
        n = os.write(fd, data)
        data = data[n:]


def _flush_held_locked():
    global _held, _deadline
    if _held:
        data, _held, _deadline = _held, b'', None
        _write_fd(1, data)


def write(fd, data):
    """Writes bytes to fd 1 or 2, after any held Start marker."""
    with _lock:
        _flush_held_locked()
        _write_fd(fd, data)


def marker(text):
    write(1, (text + '\n').encode('utf-8'))


def start_marker(text):
    global _held, _deadline
    import time
    with _lock:
        _held += (text + '\n').encode('utf-8')
        if _deadline is None:
            _deadline = time.monotonic() + HOLD_SECONDS
            _wake.notify()


def end_marker(text):
    global _held, _deadline
    with _lock:
        data, _held, _deadline = _held + (text + '\n').encode('utf-8'), b'', None
        _write_fd(1, data)


def _flusher():
    import time
    with _lock:
        while True:
            if _deadline is None:
                _wake.wait()
                continue
            left = _deadline - time.monotonic()
            if left > 0:
                _wake.wait(left)
                continue
            _flush_held_locked()


class Stream:
    """sys.stdout / sys.stderr: text written as it comes (no buffering), after any held marker."""

    def __init__(self, fd, name):
        self._fd = fd
        self.name = name
        self.encoding = 'utf-8'
        self.errors = 'backslashreplace'

    def write(self, s):
        if isinstance(s, (bytes, bytearray)):
            data = bytes(s)
        else:
            data = str(s).encode('utf-8', 'backslashreplace')
        if data:
            write(self._fd, data)
        return len(s)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        pass

    def isatty(self):
        return False

    def fileno(self):
        return self._fd

    def writable(self):
        return True

    def readable(self):
        return False

    @property
    def closed(self):
        return False

    @property
    def buffer(self):
        return _Binary(self._fd)


class _Binary:
    def __init__(self, fd):
        self._fd = fd

    def write(self, data):
        write(self._fd, bytes(data))
        return len(data)

    def flush(self):
        pass


def install():
    """Replaces sys.stdout and sys.stderr and starts the thread that writes a held marker after HOLD_SECONDS."""
    sys.stdout = Stream(1, '<stdout>')
    sys.stderr = Stream(2, '<stderr>')
    threading.Thread(target=_flusher, name='fc-marker-flush', daemon=True).start()
