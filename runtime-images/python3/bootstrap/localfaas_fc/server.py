"""The instance protocol (PROTOCOL.md §1-§6) for Python functions, over http1.Server: HTTP/1.1 with keep-alive, one
thread per connection (the platform sends up to FC_INSTANCE_CONCURRENCY calls at once on separate connections), exact
content-length on every response, no Server or Date header of its own.
"""
import hmac
import json
import os
import signal
import sys
import threading
import time

from . import context as fc_context
from . import errors, http1, logs, output, stem, wsgi
from .loader import Loader

CONTROL_PATHS = ('/invoke', '/initialize', '/pre-stop', '/pre-freeze', '/http-invoke')
KEEP_ALIVE_SECONDS = 15 * 60
SHUTDOWN_GRACE_SECONDS = 5


class Outcome:
    def __init__(self, ok, value=None, error=None):
        self.ok = ok
        self.value = value
        self.error = error


class _Pending:
    def __init__(self):
        self._done = threading.Event()
        self.outcome = None

    def set(self, outcome):
        self.outcome = outcome
        self._done.set()

    def wait(self):
        self._done.wait()
        return self.outcome


def to_bytes(value):
    """An event handler's result as the response body: None empty, bytes as is, str UTF-8, anything else JSON."""
    if value is None:
        return b''
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, str):
        return value.encode('utf-8')
    if isinstance(value, (dict, list, tuple, bool, int, float)):
        return json.dumps(value).encode('utf-8')
    return str(value).encode('utf-8')


class Runtime:
    """The calls, apart from HTTP: what each control path runs and answers."""

    def __init__(self, config, env, stem_cell=False):
        self.config = config
        self.env = env
        self.stem_cell = stem_cell
        self.specialised = False
        self.loader = Loader(config['function'])
        self._init_guard = threading.Lock()
        self._init_done = False
        self._init_pending = None
        self.inflight = 0
        self._inflight_lock = threading.Lock()

    def specialise(self, body):
        """PROTOCOL.md §10: becomes the function whose environment the body gives, under the new key."""
        if not self.stem_cell or self.specialised:
            return _json(409, 'this stem cell is specialised already', 'Conflict')
        try:
            environment, key = stem.parse_specialisation(body)
        except ValueError as e:
            return _json(400, 'specialise: %s' % e, 'BadRequest')
        self.env = stem.apply_environment(environment)
        self.config = stem.function_config(self.env, self.config['host'], self.config['port'], key)
        self.loader = Loader(self.config['function'])
        stem.enter_code_dir(self.config)
        self.specialised = True
        logs.runtime_info('specialised: handler %s, initializer %s, code %s, concurrency %s' % (
            self.config['handler'], self.config['initializer'] or '-', self.config['code_dir'],
            self.env.get('FC_INSTANCE_CONCURRENCY', '1')))
        return 200, [], b''

    def track(self, delta):
        with self._inflight_lock:
            self.inflight += delta
            return self.inflight

    def with_request(self, name, request_id, body):
        """Runs body() between the call's Start and End markers, with its request id on the thread; an Outcome."""
        output.start_marker('FC %s Start RequestId: %s' % (name, request_id))
        logs.set_request_id(request_id)
        try:
            outcome = Outcome(True, body())
        except SystemExit as e:
            # sys.exit() in a function ends the process, as on FC: the platform sees the connection close.
            output.end_marker('FC %s End RequestId: %s, Error: Unhandled function error' % (name, request_id))
            os._exit(e.code if isinstance(e.code, int) else 1)
        except Exception as e:  # noqa: BLE001 - every function error is answered
            outcome = Outcome(False, error=e)
            logs.runtime_error(json.dumps(errors.body(e)))
        finally:
            logs.set_request_id(None)
        suffix = '' if outcome.ok else ', Error: Unhandled function error'
        output.end_marker('FC %s End RequestId: %s%s' % (name, request_id, suffix))
        return outcome

    def context(self, request_id, headers):
        return fc_context.build(request_id, headers, self.env)

    def invoke(self, request_id, headers, body):
        def run():
            fn = self.loader.resolve(self.config['handler'])
            return to_bytes(fn(body, self.context(request_id, headers)))
        return self.with_request('Invoke', request_id, run)

    def http_invoke(self, request_id, method, target, header_list, body):
        headers = dict(header_list)

        def run():
            app = self.loader.resolve(self.config['handler'])
            env = wsgi.environ(method, target, header_list, body, self.context(request_id, headers), self.config['port'])
            return wsgi.call(app, env)
        return self.with_request('Invoke', request_id, run)

    def hook(self, name, handler, request_id, headers):
        def run():
            self.loader.resolve(handler)(self.context(request_id, headers))
            return b''
        return self.with_request(name, request_id, run)

    def initialize(self, request_id, headers):
        handler = self.config['initializer']
        with self._init_guard:
            if not handler or self._init_done:
                return Outcome(True, b'')
            pending, owner = self._init_pending, False
            if pending is None:
                pending = self._init_pending = _Pending()
                owner = True
        if not owner:
            return pending.wait()
        outcome = Outcome(False, error=RuntimeError('initializer did not finish'))
        try:
            outcome = self.hook('Initialize', handler, request_id, headers)
        finally:
            with self._init_guard:
                self._init_pending = None
                self._init_done = outcome.ok
            pending.set(outcome)
        return outcome


# PROTOCOL.md §1a: every call carries the instance key, or it is refused before any user code runs.
KEY_HEADER = 'x-localfaas-instance-key'
FORBIDDEN = (403, [('content-type', 'application/json'), ('connection', 'close')], json.dumps({
    'errorMessage': 'this instance answers only the platform that started it (missing or wrong instance key)',
    'errorType': 'Forbidden'}).encode('utf-8'))


class Calls:
    """What the server calls for each request: (status, headers, body)."""

    def __init__(self, runtime):
        self.runtime = runtime

    def __call__(self, request):
        rt = self.runtime
        keys = [value for name, value in request.headers if name == KEY_HEADER]
        request.headers = [(name, value) for name, value in request.headers if name != KEY_HEADER]
        if len(keys) != 1 or not hmac.compare_digest(keys[0].encode('utf-8'), rt.config['instance_key']):
            return FORBIDDEN
        if rt.stem_cell:
            if self._control_path(request, dict(request.headers)) == '/specialise':
                return rt.specialise(request.body)
            if not rt.specialised:
                return _json(409, 'this stem cell has no function yet: POST /specialise first', 'Conflict')
        rt.track(1)
        try:
            return self._serve(rt, request)
        except Exception as e:  # noqa: BLE001 - a bug of the runtime: answered, logged, the instance keeps serving
            logs.runtime_error('runtime error while serving a request: %r' % e)
            return self._error(e)
        finally:
            rt.track(-1)

    @staticmethod
    def _error(error):
        return 500, [('x-fc-error-type', errors.UNHANDLED), ('content-type', 'application/json')], errors.to_json(error)

    @staticmethod
    def _control_path(request, headers):
        header = headers.get('x-fc-control-path')
        if header:
            return header
        path = request.target.split('?', 1)[0]
        return path if path in CONTROL_PATHS and path != '/http-invoke' else '/http-invoke'

    def _serve(self, rt, request):
        headers = dict(request.headers)
        request_id = headers.get('x-fc-request-id') or new_request_id()
        control = self._control_path(request, headers)
        if control not in CONTROL_PATHS:
            body = json.dumps({'errorMessage': 'unknown x-fc-control-path: ' + control, 'errorType': 'BadRequest'})
            return 400, [('content-type', 'application/json')], body.encode('utf-8')
        if control == '/invoke':
            outcome = rt.invoke(request_id, headers, request.body)
            ok = 200, [('content-type', 'application/octet-stream')], outcome.value
        elif control == '/http-invoke':
            outcome = rt.http_invoke(request_id, request.method, request.target, request.headers, request.body)
            ok = outcome.value
        elif control == '/initialize':
            outcome = rt.initialize(request_id, headers)
            ok = 200, [], b''
        else:
            name, handler = (('PreStop', rt.config['pre_stop']) if control == '/pre-stop'
                             else ('PreFreeze', rt.config['pre_freeze']))
            outcome = rt.hook(name, handler, request_id, headers) if handler else Outcome(True, b'')
            ok = 200, [], b''
        return ok if outcome.ok else self._error(outcome.error)


def _json(status, message, error_type):
    body = json.dumps({'errorMessage': message, 'errorType': error_type})
    return status, [('content-type', 'application/json')], body.encode('utf-8')


def new_request_id():
    """A random (version 4) UUID, without importing uuid (it imports platform, slow at an instance's start)."""
    h = os.urandom(16).hex()
    return '%s-%s-4%s-%s%s-%s' % (h[:8], h[8:12], h[13:16], '89ab'[int(h[16], 16) & 3], h[17:20], h[20:32])


def _shutdown(server, runtime, signame):
    logs.runtime_info('received %s, closing (%d request(s) in flight)' % (signame, runtime.inflight))
    server.shutdown()
    server.server_close()
    deadline = time.monotonic() + SHUTDOWN_GRACE_SECONDS
    while runtime.inflight > 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    if runtime.inflight > 0:
        logs.runtime_error('shutdown: %d request(s) still in flight after %d s, exiting'
                           % (runtime.inflight, SHUTDOWN_GRACE_SECONDS))
        os._exit(1)
    os._exit(0)


def serve(config, env, stem_cell=False):
    runtime = Runtime(config, env, stem_cell)
    try:
        server = http1.Server((config['host'], config['port']), Calls(runtime), KEEP_ALIVE_SECONDS)
    except OSError as e:
        logs.runtime_error('cannot listen on %s:%s: %s' % (config['host'], config['port'], e))
        sys.exit(1)
    stopping = threading.Event()

    def on_signal(signum, _frame):
        if stopping.is_set():
            return
        stopping.set()
        name = signal.Signals(signum).name
        threading.Thread(target=_shutdown, args=(server, runtime, name), daemon=True).start()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    output.marker('localfaas runtime python3 listening on %s:%d' % (config['host'], server.server_address[1]))
    if stem_cell:
        logs.runtime_info('stem cell, python %s: waiting for /specialise' % sys.version.split()[0])
    else:
        logs.runtime_info('handler %s, initializer %s, code %s, python %s, concurrency %s' % (
            config['handler'], config['initializer'] or '-', config['code_dir'], sys.version.split()[0],
            env.get('FC_INSTANCE_CONCURRENCY', '1')))
    server.serve_forever(poll_interval=0.5)
    while True:  # the shutdown thread exits the process
        time.sleep(60)
