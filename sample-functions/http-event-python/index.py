# An FC 3.0 HTTP-trigger function in Python: an event handler that gets the request as FC 3.0's v1 event (JSON bytes)
# and returns FC 3.0's response struct. ?mode= picks what it returns, as sample-functions/http-event/index.js does:
#   (none)  201 + JSON {runtime, event, bodyHex}: what it was given (the raw body's bytes in hex)
#   binary  the request body's bytes back, base64-encoded, isBase64Encoded: true
#   plain   a bare string (FC 3.0: a 200 with the string as its body)
#   throw   an error (FC: 502 with x-fc-error-type and the error JSON)
import base64
import json


def handler(event, context):
    e = json.loads(event)
    raw = e.get('body') or ''
    body = base64.b64decode(raw) if e.get('isBase64Encoded') else raw.encode('utf-8')
    mode = (e.get('queryParameters') or {}).get('mode')
    if mode == 'binary':
        return {'statusCode': 200, 'headers': {'Content-Type': 'application/octet-stream'}, 'isBase64Encoded': True,
                'body': base64.b64encode(body).decode('ascii')}
    if mode == 'plain':
        return 'plain string'
    if mode == 'throw':
        raise Exception('boom')
    return {'statusCode': 201, 'headers': {'Content-Type': 'application/json', 'X-Runtime': 'python'},
            'body': json.dumps({'runtime': 'python', 'requestId': context.request_id, 'event': e, 'bodyHex': body.hex()})}
