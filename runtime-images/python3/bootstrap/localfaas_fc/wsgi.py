"""FC 2 HTTP trigger calls as WSGI (PEP 3333): the environ of a request, and the response an app makes.

environ: the CGI keys (REQUEST_METHOD, PATH_INFO decoded and without x-fc-base-path, QUERY_STRING, CONTENT_TYPE,
CONTENT_LENGTH, HTTP_*), the wsgi.* keys, REMOTE_ADDR (x-fc-client-ip), and FC's own `fc.context` and `fc.request_uri`.
Headers x-fc-*, connection and keep-alive are not passed to the app; response headers FC reserves are dropped.
"""
import io
import sys
from urllib.parse import unquote_to_bytes

HIDDEN_REQUEST = ('connection', 'keep-alive')
RESERVED_RESPONSE = {'connection', 'content-length', 'date', 'keep-alive', 'server', 'upgrade', 'transfer-encoding'}


class WsgiError(Exception):
    """The app broke the WSGI contract (no start_response, a status that is not "NNN reason", ...)."""


def environ(method, target, headers, body, context, server_port):
    """headers: list of (lower-case name, value) in the order received."""
    path, _, query = target.partition('?')
    base = next((v for k, v in headers if k == 'x-fc-base-path'), '')
    if base and path.startswith(base.rstrip('/')):
        path = path[len(base.rstrip('/')):] or '/'
    env = {
        'REQUEST_METHOD': method,
        'SCRIPT_NAME': '',
        'PATH_INFO': unquote_to_bytes(path).decode('latin-1'),
        'QUERY_STRING': query,
        'SERVER_NAME': 'localhost',
        'SERVER_PORT': str(server_port),
        'SERVER_PROTOCOL': 'HTTP/1.1',
        'REMOTE_ADDR': next((v for k, v in headers if k == 'x-fc-client-ip'), '127.0.0.1'),
        'wsgi.version': (1, 0),
        'wsgi.url_scheme': 'http',
        'wsgi.input': io.BytesIO(body),
        'wsgi.errors': sys.stderr,
        'wsgi.multithread': True,
        'wsgi.multiprocess': False,
        'wsgi.run_once': False,
        'fc.context': context,
        'fc.request_uri': target,
    }
    env['CONTENT_LENGTH'] = str(len(body))
    for name, value in headers:
        if name.startswith('x-fc-') or name in HIDDEN_REQUEST:
            continue
        if name == 'content-type':
            env['CONTENT_TYPE'] = value
            continue
        if name == 'content-length':
            continue
        key = 'HTTP_' + name.upper().replace('-', '_')
        env[key] = env[key] + ',' + value if key in env else value
    return env


def call(app, env):
    """Runs the app; returns (status, [(name, value)], body bytes). Raises what the app raises, or WsgiError."""
    state = {}
    chunks = []

    def start_response(status, response_headers, exc_info=None):
        if exc_info and state.get('sent'):
            raise exc_info[1].with_traceback(exc_info[2])
        state['status'] = status
        state['headers'] = response_headers
        return write

    def write(data):
        if 'status' not in state:
            raise WsgiError('write() called before start_response()')
        state['sent'] = True
        chunks.append(bytes(data))

    result = app(env, start_response)
    try:
        for chunk in result if result is not None else ():
            if isinstance(chunk, str):
                raise WsgiError('the app returned str, not bytes: a WSGI body is an iterable of bytes')
            if chunk:
                state['sent'] = True
                chunks.append(bytes(chunk))
    finally:
        close = getattr(result, 'close', None)
        if close is not None:
            close()
    if 'status' not in state:
        raise WsgiError('the app returned without calling start_response(status, headers)')
    status_text = str(state['status'])
    try:
        status = int(status_text.split(' ', 1)[0])
    except ValueError:
        raise WsgiError('status "%s" is not "<code> <reason>", e.g. "200 OK"' % status_text) from None
    if status < 100 or status > 999:
        raise WsgiError('status "%s" is not a valid HTTP status' % status_text)
    headers = [(str(k), str(v)) for k, v in state['headers'] or []
               if not str(k).lower().startswith('x-fc-') and str(k).lower() not in RESERVED_RESPONSE]
    return status, headers, b''.join(chunks)
