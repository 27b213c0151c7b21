# Conformance fixture for the python3 runtime: every handler the conformance suite
# (app/src/test/java/io/localfaas/it/RuntimeConformance.java) calls, written as for FC.
# Handler names are the suite's roles: index.<role>.
import base64
import json
import logging
import os
import threading
import time
from urllib.parse import parse_qs

initialized = False
_lock = threading.Lock()
_inflight = 0
_max_inflight = 0


def event(event, context):
    """Event invocation: echoes the event (as base64) and whether the initializer ran."""
    return {
        'event': base64.b64encode(event).decode('ascii'),
        'requestId': context.request_id,
        'initialized': initialized,
        'functionName': context.function.name,
    }


def http(environ, start_response):
    """WSGI: echoes method, path, query, one header and the body (base64), sets a header and a status."""
    body = environ['wsgi.input'].read(int(environ.get('CONTENT_LENGTH') or 0))
    queries = {k: (v[0] if len(v) == 1 else v) for k, v in parse_qs(environ['QUERY_STRING'], keep_blank_values=True).items()}
    out = json.dumps({
        'method': environ['REQUEST_METHOD'],
        'path': environ['PATH_INFO'],
        'queries': queries,
        'header': environ.get('HTTP_X_CONFORMANCE_IN'),
        'body': base64.b64encode(body).decode('ascii'),
        'requestId': environ['fc.context'].request_id,
    }).encode('utf-8')
    status = '201 Created' if environ['REQUEST_METHOD'] == 'POST' else '200 OK'
    start_response(status, [('Content-Type', 'application/json'), ('x-conformance', 'yes')])
    return [out]


def initOk(context):
    global initialized
    initialized = True


def initFails(context):
    raise RuntimeError('initializer failed on purpose')


def initHangs(context):
    """Never returns in time: the platform's initializationTimeout must end it."""
    time.sleep(120)


def throws(event, context):
    raise TypeError('thrown on purpose')


def exits(event, context):
    os._exit(3)


def concurrent(event, context):
    """Waits until FC_INSTANCE_CONCURRENCY calls are in flight in this instance (at most 20 s), then reports the most seen."""
    global _inflight, _max_inflight
    want = int(os.environ.get('FC_INSTANCE_CONCURRENCY', '1'))
    with _lock:
        _inflight += 1
        _max_inflight = max(_max_inflight, _inflight)
    started = time.monotonic()
    while _max_inflight < want and time.monotonic() - started < 20:
        time.sleep(0.005)
    with _lock:
        _inflight -= 1
    return {'maxInflight': _max_inflight, 'instance': os.environ.get('FC_INSTANCE_ID')}


def logs(event, context):
    print('conformance console line ' + event.decode('utf-8'))
    logging.getLogger().error('conformance second line ' + event.decode('utf-8'))
    return 'logged'


def preStop(context):
    print('conformance pre-stop ran')
