"""The root logger as FC's Python runtime sets it up: `<UTC ISO time> <request id> [<LEVEL>] <message>`.

The request id is that of the call the writing thread serves (a thread the function starts itself has none).
ALIYUN_FC_LOG_LEVEL=debug|info|warning|error sets the root level (default info).
"""
import logging
import os
import threading
import time

from . import output

_current = threading.local()


def current_request_id():
    return getattr(_current, 'request_id', None)


def set_request_id(request_id):
    _current.request_id = request_id


def timestamp(seconds=None):
    t = time.time() if seconds is None else seconds
    return time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(t)) + '.%03dZ' % int((t % 1) * 1000)


def line(level, message, request_id=None):
    rid = request_id if request_id is not None else current_request_id()
    return '%s %s[%s] %s\n' % (timestamp(), (rid + ' ') if rid else '', level, message)


class _Filter(logging.Filter):
    def filter(self, record):
        if not hasattr(record, 'request_id'):
            record.request_id = current_request_id() or ''
        return True


class _Formatter(logging.Formatter):
    def format(self, record):
        message = super().format(record)
        rid = getattr(record, 'request_id', '')
        return '%s %s[%s] %s' % (timestamp(record.created), (rid + ' ') if rid else '', record.levelname, message)


class _Handler(logging.Handler):
    def emit(self, record):
        try:
            text = self.format(record) + '\n'
            output.write(2 if record.levelno >= logging.WARNING else 1, text.encode('utf-8', 'backslashreplace'))
        except Exception:  # noqa: BLE001 - a logging failure must not fail the call
            self.handleError(record)


_LEVELS = {'debug': logging.DEBUG, 'info': logging.INFO, 'warn': logging.WARNING, 'warning': logging.WARNING,
           'error': logging.ERROR}


def install():
    root = logging.getLogger()
    for h in list(root.handlers):
        root.removeHandler(h)
    handler = _Handler()
    handler.addFilter(_Filter())
    handler.setFormatter(_Formatter('%(message)s'))
    root.addHandler(handler)
    root.setLevel(_LEVELS.get(os.environ.get('ALIYUN_FC_LOG_LEVEL', '').strip().lower(), logging.INFO))


def runtime_info(message):
    output.write(1, line('INFO', message).encode('utf-8', 'backslashreplace'))


def runtime_error(message):
    output.write(2, line('ERROR', message).encode('utf-8', 'backslashreplace'))
