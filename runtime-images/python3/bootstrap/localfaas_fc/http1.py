"""A minimal HTTP/1.1 server for the instance protocol: keep-alive, one thread per connection, Content-Length or chunked
request bodies, responses written in one piece with an exact Content-Length and no header of its own but Connection
when it closes. Built on socketserver rather than http.server, whose imports (email, http.client, ssl) cost more than
everything else at an instance's start.
"""
import socket
import socketserver

MAX_LINE = 64 * 1024
MAX_HEADERS = 256
REASONS = {200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found',
           304: 'Not Modified', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
           405: 'Method Not Allowed', 413: 'Payload Too Large', 500: 'Internal Server Error', 502: 'Bad Gateway',
           503: 'Service Unavailable', 504: 'Gateway Timeout'}


class BadRequest(Exception):
    pass


class Request:
    def __init__(self, method, target, headers, body):
        self.method = method
        self.target = target
        self.headers = headers  # [(lower-case name, value)], as received
        self.body = body


def _line(rfile):
    line = rfile.readline(MAX_LINE + 1)
    if len(line) > MAX_LINE:
        raise BadRequest('line too long')
    return line


def read_request(rfile):
    """The next request on the connection, or None when the peer closed it between requests."""
    line = _line(rfile)
    while line in (b'\r\n', b'\n'):
        line = _line(rfile)
    if not line:
        return None, False
    parts = line.decode('latin-1').rstrip('\r\n').split(' ')
    if len(parts) != 3 or not parts[2].startswith('HTTP/1.'):
        raise BadRequest('malformed request line')
    method, target, version = parts
    headers = []
    while True:
        h = _line(rfile)
        if h in (b'\r\n', b'\n', b''):
            break
        if len(headers) >= MAX_HEADERS:
            raise BadRequest('too many headers')
        name, sep, value = h.decode('latin-1').partition(':')
        if not sep:
            raise BadRequest('malformed header line')
        headers.append((name.strip().lower(), value.strip()))
    fields = dict(headers)
    if 'chunked' in fields.get('transfer-encoding', '').lower():
        body = _chunked(rfile)
    else:
        try:
            length = int(fields.get('content-length') or 0)
        except ValueError:
            raise BadRequest('bad content-length') from None
        body = rfile.read(length) if length > 0 else b''
        if len(body) != length:
            return None, False
    connection = fields.get('connection', '').lower()
    keep_alive = 'close' not in connection if version == 'HTTP/1.1' else 'keep-alive' in connection
    return Request(method, target, headers, body), keep_alive


def _chunked(rfile):
    parts = []
    while True:
        try:
            size = int(_line(rfile).split(b';', 1)[0].strip() or b'0', 16)
        except ValueError:
            raise BadRequest('bad chunk size') from None
        if size == 0:
            while _line(rfile) not in (b'\r\n', b'\n', b''):
                pass
            return b''.join(parts)
        parts.append(rfile.read(size))
        _line(rfile)


def response_bytes(status, headers, body, keep_alive, head=False):
    lines = ['HTTP/1.1 %d %s' % (status, REASONS.get(status, 'Status'))]
    lines.extend('%s: %s' % (name, value) for name, value in headers)
    lines.append('Content-Length: %d' % len(body))
    if not keep_alive:
        lines.append('Connection: close')
    head_bytes = ('\r\n'.join(lines) + '\r\n\r\n').encode('latin-1', 'replace')
    return head_bytes if head else head_bytes + body


class _Connection(socketserver.BaseRequestHandler):
    def handle(self):
        sock = self.request
        sock.settimeout(self.server.idle_timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        rfile = sock.makefile('rb')
        try:
            while True:
                try:
                    request, keep_alive = read_request(rfile)
                except BadRequest as e:
                    body = ('{"errorMessage": "bad request: %s", "errorType": "BadRequest"}' % e).encode()
                    sock.sendall(response_bytes(400, [('content-type', 'application/json')], body, False))
                    return
                if request is None:
                    return
                status, headers, body = self.server.app(request)
                if ('connection', 'close') in headers:
                    keep_alive = False
                    headers = [h for h in headers if h != ('connection', 'close')]
                sock.sendall(response_bytes(status, headers, body, keep_alive, request.method == 'HEAD'))
                if not keep_alive:
                    return
        except (OSError, ValueError):
            return  # the peer went away, or the idle timeout passed
        finally:
            rfile.close()


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address, app, idle_timeout):
        self.app = app
        self.idle_timeout = idle_timeout
        super().__init__(address, _Connection)
