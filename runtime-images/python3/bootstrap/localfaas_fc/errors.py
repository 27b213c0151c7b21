"""Function errors in FC's shape: {"errorMessage", "errorType", "stackTrace": [lines]} (PROTOCOL.md §4).

Every Python function error is an UnhandledInvocationError (Python has no callback(err)). errorType is the exception's
class name, or a load error's own type (InvalidHandlerName, ImportModuleError, UserCodeSyntaxError, HandlerNotFound).
Frames of the runtime itself are left out of stackTrace.
"""
import json
import os
import traceback

UNHANDLED = 'UnhandledInvocationError'
_RUNTIME_DIR = os.path.dirname(os.path.abspath(__file__))
_BOOTSTRAP_DIR = os.path.dirname(_RUNTIME_DIR)


class UserCodeError(Exception):
    """An error of the runtime about the user's code (a load error), carrying FC's errorType and the cause's frames."""

    def __init__(self, error_type, message, cause=None):
        super().__init__(message)
        self.error_type = error_type
        self.cause = cause


def _own(filename):
    return os.path.abspath(filename).startswith(_BOOTSTRAP_DIR + os.sep) or filename.startswith('<frozen importlib')


def stack_lines(error):
    tb = error.__traceback__
    frames = [f for f in traceback.extract_tb(tb) if not _own(f.filename)] if tb else []
    lines = ['  File "%s", line %s, in %s' % (f.filename, f.lineno, f.name) + ('\n    ' + f.line if f.line else '')
             for f in frames]
    if isinstance(error, SyntaxError) and error.filename:
        lines.append('  File "%s", line %s' % (error.filename, error.lineno)
                     + ('\n    ' + error.text.strip() if error.text else ''))
    return lines


def body(error):
    if isinstance(error, UserCodeError):
        cause = error.cause
        return {'errorMessage': str(error), 'errorType': error.error_type,
                'stackTrace': stack_lines(cause) if cause is not None else []}
    return {'errorMessage': str(error) if str(error) else type(error).__name__, 'errorType': type(error).__name__,
            'stackTrace': stack_lines(error)}


def to_json(error):
    return json.dumps(body(error)).encode('utf-8')
