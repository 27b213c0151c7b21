# A hello function written as for Alibaba Cloud Function Compute (python3), the Python twin of ../hello.
# Handlers: index.handler (HTTP trigger, WSGI), index.event (event invocation), index.initializer.
import json
import os

init_count = 0


def initializer(context):
    global init_count
    init_count += 1


def handler(environ, start_response):
    body = json.dumps({'message': 'hello from localfaas', 'initCount': init_count,
                       'instanceId': os.environ.get('FC_INSTANCE_ID')}).encode('utf-8')
    start_response('200 OK', [('Content-Type', 'application/json')])
    return [body]


def event(event, context):
    return {'message': 'hello from localfaas', 'initCount': init_count, 'event': event.decode('utf-8', 'replace')}
