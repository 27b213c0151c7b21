'use strict';
// An FC 3.0 HTTP-trigger function for a built-in runtime: an event handler that gets the request as FC 3.0's
// v1 event (JSON) and returns FC 3.0's response struct. ?mode= picks what it returns:
//   (none)  201 + JSON {runtime, event, bodyHex}: what it was given (the raw body's bytes in hex)
//   binary  the request body's bytes back, base64-encoded, isBase64Encoded: true
//   plain   a bare string (FC 3.0: a 200 with the string as its body)
//   throw   an error (FC: 502 with x-fc-error-type and the error JSON)
exports.handler = async (event, context) => {
  const e = JSON.parse(event);
  const body = Buffer.from(e.body || '', e.isBase64Encoded ? 'base64' : 'utf8');
  switch (e.queryParameters.mode) {
    case 'binary':
      return {statusCode: 200, headers: {'Content-Type': 'application/octet-stream'}, isBase64Encoded: true,
        body: body.toString('base64')};
    case 'plain':
      return 'plain string';
    case 'throw':
      throw new Error('boom');
    default:
      return {statusCode: 201, headers: {'Content-Type': 'application/json', 'X-Runtime': 'nodejs'},
        body: JSON.stringify({runtime: 'nodejs', requestId: context.requestId, event: e, bodyHex: body.toString('hex')})};
  }
};
