'use strict';
// HTTP invocations: the client's request is forwarded as is (x-fc-control-path: /http-invoke) and the
// handler gets FC's (request, response, context).
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert');
const crypto = require('node:crypto');
const { startRuntime } = require('./harness');

describe('HTTP handler', () => {
  let rt;
  before(async () => { rt = await startRuntime({ fixture: 'http' }); });
  after(() => rt.stop());

  it('GET: path, query (repeated keys as arrays), lower-case headers without x-fc-*, method, url, clientIP', async () => {
    const res = await rt.http('GET', '/users/7?name=ann&tag=a&tag=b&empty=&sp=a%20b', {
      headers: {
        'X-Custom-Header': 'Custom',
        Accept: 'application/json',
        'x-fc-request-id': 'http-req-1',
        'x-fc-client-ip': '203.0.113.9',
        'x-fc-function-name': 'fn',
      },
    });
    assert.strictEqual(res.status, 200, res.text);
    assert.strictEqual(res.headers['content-type'], 'application/json');
    const out = res.json();
    assert.strictEqual(out.path, '/users/7');
    assert.strictEqual(out.url, '/users/7?name=ann&tag=a&tag=b&empty=&sp=a%20b');
    assert.strictEqual(out.method, 'GET');
    assert.deepStrictEqual(out.queries, { name: 'ann', tag: ['a', 'b'], empty: '', sp: 'a b' });
    assert.strictEqual(out.headers['x-custom-header'], 'Custom');
    assert.strictEqual(out.headers.accept, 'application/json');
    assert.ok(out.headers.host, 'host is passed on');
    for (const key of Object.keys(out.headers)) {
      assert.ok(!key.startsWith('x-fc-'), `${key} must not reach the function`);
      assert.strictEqual(key, key.toLowerCase());
    }
    assert.strictEqual(out.headers.connection, undefined);
    assert.strictEqual(out.clientIP, '203.0.113.9');
    assert.strictEqual(out.requestId, 'http-req-1');
    assert.strictEqual(out.bodyIsBuffer, true);
    assert.strictEqual(out.isReadable, true);
  });

  it('clientIP falls back to the socket address', async () => {
    const res = await rt.http('GET', '/whoami');
    assert.strictEqual(res.json().clientIP, '127.0.0.1');
  });

  it('strips x-fc-base-path from the path but keeps the full url', async () => {
    const headers = { 'x-fc-base-path': '/2016-08-15/proxy/svc/fn/' };
    let out = (await rt.http('GET', '/2016-08-15/proxy/svc/fn/users?x=1', { headers })).json();
    assert.strictEqual(out.path, '/users');
    assert.strictEqual(out.url, '/2016-08-15/proxy/svc/fn/users?x=1');
    assert.deepStrictEqual(out.queries, { x: '1' });
    out = (await rt.http('GET', '/2016-08-15/proxy/svc/fn/', { headers })).json();
    assert.strictEqual(out.path, '/');
    out = (await rt.http('GET', '/2016-08-15/proxy/svc/fn', { headers })).json();
    assert.strictEqual(out.path, '/');
    // Not a prefix: the path is left alone.
    out = (await rt.http('GET', '/2016-08-15/proxy/svc/fnx/a', { headers })).json();
    assert.strictEqual(out.path, '/2016-08-15/proxy/svc/fnx/a');
  });

  it('POST: a binary body read through the request stream, also available as req.body', async () => {
    const body = crypto.randomBytes(300 * 1024);
    const res = await rt.http('POST', '/upload', {
      headers: { 'content-type': 'application/octet-stream' }, body,
    });
    assert.strictEqual(res.status, 201, res.text);
    assert.deepStrictEqual(res.json(), {
      length: body.length,
      sha256: crypto.createHash('sha256').update(body).digest('hex'),
      bodyPropertyMatches: true,
      contentType: 'application/octet-stream',
    });
  });

  it('POST: the request is async-iterable', async () => {
    const res = await rt.http('POST', '/async-iterate', { body: 'x'.repeat(1000) });
    assert.deepStrictEqual(res.json(), { length: 1000 });
  });

  it('status, headers (incl. multi-value and deleteHeader); reserved headers are ignored', async () => {
    const res = await rt.http('GET', '/teapot');
    assert.strictEqual(res.status, 418);
    assert.strictEqual(res.text, 'short and stout');
    assert.strictEqual(res.headers['x-custom'], 'yes');
    assert.deepStrictEqual(res.headers['set-cookie'], ['a=1', 'b=2']);
    assert.strictEqual(res.headers['x-removed'], undefined);
    assert.strictEqual(res.headers['x-fc-status'], undefined);
    assert.strictEqual(res.headers['content-length'], String(Buffer.byteLength('short and stout')));
    assert.strictEqual(res.headers['x-fc-error-type'], undefined);
  });

  it('send() accepts a readable stream and a Buffer', async () => {
    const streamed = await rt.http('GET', '/stream');
    assert.strictEqual(streamed.status, 200);
    assert.strictEqual(streamed.text, 'chunk-1 chunk-2 chunk-3');
    const binary = await rt.http('GET', '/binary');
    assert.deepStrictEqual(binary.body, Buffer.from([0, 255, 10, 13, 128]));
  });

  it('the first send() ends the invocation', async () => {
    const res = await rt.http('GET', '/send-twice');
    assert.strictEqual(res.text, 'first');
  });

  it('a throwing handler is an unhandled function error', async () => {
    const res = await rt.http('PUT', '/throw', { body: 'x' });
    assert.strictEqual(res.status, 500);
    assert.strictEqual(res.headers['x-fc-error-type'], 'UnhandledInvocationError');
    assert.strictEqual(res.headers['content-type'], 'application/json');
    const err = res.json();
    assert.strictEqual(err.errorMessage, 'http handler exploded');
    assert.strictEqual(err.errorType, 'Error');
    assert.ok(Array.isArray(err.stackTrace) && err.stackTrace.length > 1);
  });

  it('without x-fc-control-path, any path other than the control paths is an HTTP invocation', async () => {
    const res = await rt.request({ method: 'DELETE', path: '/items/3?force=true' });
    assert.strictEqual(res.status, 200);
    const out = res.json();
    assert.strictEqual(out.method, 'DELETE');
    assert.strictEqual(out.path, '/items/3');
    assert.deepStrictEqual(out.queries, { force: 'true' });
  });

  it('with x-fc-control-path: /http-invoke, even /invoke is an HTTP invocation', async () => {
    const res = await rt.http('POST', '/invoke', { body: 'b' });
    assert.strictEqual(res.json().path, '/invoke');
  });

  it('rejects an unknown x-fc-control-path with 400', async () => {
    const res = await rt.request({ path: '/', headers: { 'x-fc-control-path': '/bogus' } });
    assert.strictEqual(res.status, 400);
    assert.match(res.json().errorMessage, /unknown x-fc-control-path/);
  });
});

describe('async HTTP handler', () => {
  let rt;
  before(async () => { rt = await startRuntime({ fixture: 'http', handler: 'index.asyncHandler' }); });
  after(() => rt.stop());

  it('answers with what resp.send() got, ignoring the resolved value', async () => {
    const res = await rt.http('PATCH', '/thing');
    assert.strictEqual(res.status, 200);
    assert.strictEqual(res.text, 'async PATCH /thing');
  });
});
