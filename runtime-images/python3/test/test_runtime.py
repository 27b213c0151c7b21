"""The python3 bootstrap against PROTOCOL.md, as a black box: a real server process per test class, real HTTP calls.

Run: python3 -m unittest discover -s runtime-images/python3/test (the runtime-python3 Maven module does in its test phase).
"""
import http.client
import json
import os
import socket
import subprocess
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
BOOTSTRAP = os.path.join(os.path.dirname(HERE), 'bootstrap', 'bootstrap.py')
LAUNCHER = os.path.join(os.path.dirname(HERE), 'bootstrap', 'launcher.sh')
KEY = 'k' * 64
FIXTURES = os.path.join(HERE, 'fixtures', 'bad')


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Instance:
    def __init__(self, handler, **env):
        self.port = free_port()
        full = {'PATH': os.environ.get('PATH', ''), 'FC_SERVER_PORT': str(self.port), 'FC_FUNC_CODE_PATH': FIXTURES + '/',
                'FC_HANDLER': handler, 'FC_FUNCTION_NAME': 'fn1', 'PYTHONDONTWRITEBYTECODE': '1',
                'FC_SERVER_PATH': os.path.dirname(BOOTSTRAP), 'LOCALFAAS_INSTANCE_KEY': KEY}
        full.update(env)
        # Through the launcher, as the image and the process backend start it: the key goes over on fd 3.
        self.proc = subprocess.Popen(['sh', LAUNCHER, sys.executable], env=full, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(('127.0.0.1', self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.02)
        raise AssertionError('the runtime did not listen')

    def call(self, control, method='POST', path=None, body=b'', headers=None):
        conn = http.client.HTTPConnection('127.0.0.1', self.port, timeout=10)
        h = {'x-fc-control-path': control, 'x-fc-request-id': 'req-1', 'x-localfaas-instance-key': KEY}
        h.update(headers or {})
        h = {name: value for name, value in h.items() if value is not None}
        conn.request(method, path or control, body=body, headers=h)
        try:
            r = conn.getresponse()
            return r.status, r.getheaders(), r.read()
        finally:
            conn.close()

    def stop(self):
        self.proc.terminate()
        out, _ = self.proc.communicate(timeout=10)
        return out.decode('utf-8', 'replace')


class LoadErrors(unittest.TestCase):
    def error(self, handler, control='/invoke'):
        inst = Instance(handler)
        try:
            status, headers, body = inst.call(control)
        finally:
            inst.stop()
        self.assertEqual(500, status)
        self.assertEqual('UnhandledInvocationError', dict(headers)['x-fc-error-type'])
        return json.loads(body)

    def test_a_handler_string_that_names_no_function(self):
        e = self.error('app.missing')
        self.assertEqual('HandlerNotFound', e['errorType'])
        self.assertIn('fn1', e['errorMessage'])
        self.assertIn('app.missing', e['errorMessage'])
        self.assertEqual('HandlerNotFound', self.error('app.not_callable')['errorType'])

    def test_a_malformed_handler_string(self):
        for handler in ('index', '../x.h', '/abs.h', 'a..b'):
            e = self.error(handler)
            self.assertEqual('InvalidHandlerName', e['errorType'], handler)
            self.assertIn('fn1', e['errorMessage'])

    def test_a_module_that_is_missing_or_fails_to_import(self):
        e = self.error('nothere.handler')
        self.assertEqual('ImportModuleError', e['errorType'])
        self.assertIn('fn1', e['errorMessage'])
        e = self.error('needs_dep.handler')
        self.assertEqual('ImportModuleError', e['errorType'])
        self.assertIn('not_installed_anywhere', e['errorMessage'])
        self.assertIn('pip install -t .', e['errorMessage'])
        e = self.error('broken.handler')
        self.assertEqual('UserCodeSyntaxError', e['errorType'])
        self.assertIn('broken.py', json.dumps(e))
        e = self.error('toplevel.handler')
        self.assertEqual('RuntimeError', e['errorType'])
        self.assertEqual('top level failed', e['errorMessage'])
        self.assertNotIn('localfaas_fc', json.dumps(e), 'no frames of the runtime')


class InstanceKey(unittest.TestCase):
    """PROTOCOL.md §1a: only the platform that started the instance may call it."""

    def test_a_call_without_the_key_or_with_another_is_refused_before_user_code(self):
        inst = Instance('app.raises')
        try:
            for key in (None, 'x' * 64, KEY + 'x'):
                status, headers, body = inst.call('/http-invoke', 'GET', '/x', headers={'x-localfaas-instance-key': key})
                self.assertEqual(403, status, key)
                self.assertEqual('Forbidden', json.loads(body)['errorType'])
                self.assertIn(('Connection', 'close'), headers)
        finally:
            out = inst.stop()
        self.assertNotIn('the app failed on purpose', out, 'no user code ran')

    def test_user_code_sees_the_key_nowhere(self):
        inst = Instance('app.environment')
        try:
            status, _, body = inst.call('/http-invoke', 'GET', '/')
        finally:
            inst.stop()
        self.assertEqual(200, status)
        self.assertEqual({'header': None, 'env': [], 'environ_file': False, 'fd3_is_a_pipe': False}, json.loads(body))

    def test_without_a_key_the_runtime_does_not_start(self):
        port = free_port()
        env = {'PATH': os.environ.get('PATH', ''), 'FC_SERVER_PORT': str(port), 'FC_HANDLER': 'app.raises',
               'FC_FUNC_CODE_PATH': FIXTURES + '/', 'FC_SERVER_PATH': os.path.dirname(BOOTSTRAP)}
        proc = subprocess.run(['sh', LAUNCHER, sys.executable], env=env, capture_output=True, timeout=20)
        self.assertEqual(2, proc.returncode)
        self.assertIn(b'no instance key', proc.stdout + proc.stderr)


class Wsgi(unittest.TestCase):
    def test_an_app_that_raises_is_an_unhandled_error_with_its_stack(self):
        inst = Instance('app.raises')
        try:
            status, headers, body = inst.call('/http-invoke', 'GET', '/x')
        finally:
            out = inst.stop()
        self.assertEqual(500, status)
        e = json.loads(body)
        self.assertEqual('ValueError', e['errorType'])
        self.assertEqual('the app failed on purpose', e['errorMessage'])
        self.assertTrue(any('app.py' in line for line in e['stackTrace']), e)
        self.assertIn('FC Invoke End RequestId: req-1, Error: Unhandled function error', out)

    def test_an_app_that_breaks_the_wsgi_contract_says_how(self):
        for handler, text in (('app.no_start', 'start_response'), ('app.text_body', 'iterable of bytes')):
            inst = Instance(handler)
            try:
                status, _, body = inst.call('/http-invoke', 'GET', '/')
            finally:
                inst.stop()
            self.assertEqual(500, status)
            self.assertIn(text, json.loads(body)['errorMessage'])

    def test_request_and_response_pass_through(self):
        inst = Instance('app.echo')
        try:
            status, headers, body = inst.call('/http-invoke', 'PUT', '/2016-08-15/proxy/s/f/a%20b?q=1&q=2', b'\x00\xff',
                                              {'x-fc-base-path': '/2016-08-15/proxy/s/f/'})
        finally:
            inst.stop()
        self.assertEqual(202, status)
        self.assertEqual(b'/a b|q=1&q=2|\x00\xff', body)
        names = [k.lower() for k, _ in headers]
        self.assertEqual(2, names.count('set-cookie'))
        self.assertNotIn('server', names, 'reserved response headers are dropped')
        self.assertNotIn('x-fc-status', names)
        self.assertEqual(str(len(body)), dict((k.lower(), v) for k, v in headers)['content-length'])


class Events(unittest.TestCase):
    def test_a_call_that_writes_nothing_has_both_markers_and_an_empty_body(self):
        inst = Instance('app.quiet')
        try:
            status, headers, body = inst.call('/invoke')
        finally:
            out = inst.stop()
        self.assertEqual((200, b''), (status, body))
        self.assertIn('FC Invoke Start RequestId: req-1\nFC Invoke End RequestId: req-1\n', out)

    def test_output_is_tagged_and_in_order(self):
        inst = Instance('app.chatty')
        try:
            status, _, body = inst.call('/invoke')
        finally:
            out = inst.stop()
        self.assertEqual((200, b'\x00\x01'), (status, body))
        start = out.index('FC Invoke Start RequestId: req-1')
        self.assertLess(start, out.index('printed\n'))
        self.assertRegex(out, r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z req-1 \[INFO\] logged')
        self.assertLess(out.index('logged'), out.index('FC Invoke End RequestId: req-1'))

    def test_sys_exit_ends_the_process(self):
        inst = Instance('app.exits')
        with self.assertRaises((http.client.RemoteDisconnected, ConnectionError)):
            inst.call('/invoke')
        self.assertEqual(4, inst.proc.wait(timeout=10))
        inst.stop()

    def test_an_unknown_control_path_is_a_400(self):
        inst = Instance('app.quiet')
        try:
            status, _, body = inst.call('/nope')
        finally:
            inst.stop()
        self.assertEqual(400, status)
        self.assertEqual('BadRequest', json.loads(body)['errorType'])


class StemCell(unittest.TestCase):
    """PROTOCOL.md §10: a stem cell serves only /specialise, then is the function named in it, under the new key."""
    NEW_KEY = 'n' * 64

    def specialise(self, inst, environment, key=KEY):
        return inst.call('/specialise', body=json.dumps({'environment': environment}).encode('utf-8'),
                         headers={'x-localfaas-instance-key': key})

    def test_it_becomes_the_function_once_with_its_variables_and_the_new_key(self):
        inst = Instance('', LOCALFAAS_STEM_CELL='1', FC_FUNC_CODE_PATH='/')
        try:
            self.assertEqual(409, inst.call('/invoke')[0], 'nothing to run before it is specialised')
            self.assertEqual(403, self.specialise(inst, {}, key='wrong' * 13)[0])
            status, _, body = self.specialise(inst, {'FC_HANDLER': 'looker.handler'})
            self.assertEqual(400, status)
            self.assertIn('LOCALFAAS_INSTANCE_KEY', json.loads(body)['errorMessage'])
            code = os.path.join(HERE, 'fixtures', 'stem')
            status, _, body = self.specialise(inst, {'FC_HANDLER': 'looker.handler', 'FC_FUNC_CODE_PATH': code + '/',
                                                     'FC_FUNCTION_NAME': 'special', 'STEM_VAR': 'mine',
                                                     'FC_SERVER_PORT': '1', 'LOCALFAAS_INSTANCE_KEY': self.NEW_KEY})
            self.assertEqual(200, status, body)
            self.assertEqual(403, inst.call('/invoke')[0], 'the stem cell\'s key opens nothing any more')
            status, _, body = inst.call('/invoke', headers={'x-localfaas-instance-key': self.NEW_KEY})
            self.assertEqual(200, status, body)
            seen = json.loads(body)
            self.assertEqual('mine', seen['env']['STEM_VAR'])
            self.assertEqual('special', seen['function'])
            self.assertEqual(os.path.realpath(code), os.path.realpath(seen['cwd']))
            for hidden in ('LOCALFAAS_INSTANCE_KEY', 'LOCALFAAS_STEM_CELL', 'FC_SERVER_PORT'):
                self.assertNotIn(hidden, seen['env'])
            again = self.specialise(inst, {'LOCALFAAS_INSTANCE_KEY': 'x' * 64}, key=self.NEW_KEY)
            self.assertEqual(409, again[0])
        finally:
            inst.stop()

    def test_an_ordinary_instance_refuses_specialise_as_an_unknown_control_path(self):
        inst = Instance('app.handler')
        try:
            self.assertEqual(400, self.specialise(inst, {'LOCALFAAS_INSTANCE_KEY': self.NEW_KEY})[0])
        finally:
            inst.stop()


if __name__ == '__main__':
    unittest.main()
