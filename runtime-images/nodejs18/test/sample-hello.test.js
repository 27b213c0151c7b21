'use strict';
// The shipped sample function sample-functions/hello, run through the bootstrap the way the platform
// drives it: /initialize first, then HTTP and event invocations.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert');
const path = require('node:path');
const { startRuntime } = require('./harness');

const HELLO = path.resolve(__dirname, '..', '..', '..', 'sample-functions', 'hello');

describe('sample-functions/hello', () => {
  let rt;
  let events;
  before(async () => {
    rt = await startRuntime({ codeDir: HELLO, handler: 'index.handler', initializer: 'index.initializer',
      preStop: 'index.preStop' });
    events = await startRuntime({ codeDir: HELLO, handler: 'index.event', initializer: 'index.initializer' });
  });
  after(() => Promise.all([rt.stop(), events.stop()]));

  it('HTTP: initializer ran once before the first invocation; counters and request data come back', async () => {
    assert.strictEqual((await rt.initialize()).status, 200);
    const res = await rt.http('GET', '/2016-08-15/proxy/svc/fn/greet?who=me&who=you', {
      headers: { 'x-fc-request-id': 'hello-1', 'x-fc-base-path': '/2016-08-15/proxy/svc/fn/' },
    });
    assert.strictEqual(res.status, 200, res.text);
    assert.strictEqual(res.headers['content-type'], 'application/json');
    const out = res.json();
    assert.strictEqual(out.message, 'hello from localfaas');
    assert.strictEqual(out.initCount, 1);
    assert.strictEqual(out.invokeCount, 1);
    assert.strictEqual(out.initializedBeforeFirstInvoke, true);
    assert.strictEqual(out.instanceId, `instance-${rt.port}`);
    assert.strictEqual(out.requestId, 'hello-1');
    assert.strictEqual(out.path, '/greet');
    assert.strictEqual(out.method, 'GET');
    assert.deepStrictEqual(out.queries, { who: ['me', 'you'] });
    const second = (await rt.http('POST', '/x', { body: 'b' })).json();
    assert.strictEqual(second.invokeCount, 2);
    assert.strictEqual(second.initCount, 1);
    assert.strictEqual((await rt.request({ method: 'GET', path: '/pre-stop' })).status, 200);
    await rt.waitForOutput(/preStop after 2 invocation\(s\)/);
  });

  it('event: the event export answers with the counters and the event', async () => {
    assert.strictEqual((await events.initialize()).status, 200);
    const res = await events.invoke('{"hi":1}', { 'x-fc-request-id': 'hello-ev' });
    assert.strictEqual(res.status, 200, res.text);
    const out = res.json();
    assert.strictEqual(out.event, '{"hi":1}');
    assert.strictEqual(out.requestId, 'hello-ev');
    assert.strictEqual(out.initCount, 1);
    assert.strictEqual(out.invokeCount, 1);
    assert.strictEqual(out.initializedBeforeFirstInvoke, true);
  });
});
