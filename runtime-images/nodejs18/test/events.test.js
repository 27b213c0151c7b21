'use strict';
// Event invocations: POST /invoke, handler(event: Buffer, context, callback) or async (event, context).
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert');
const { startRuntime } = require('./harness');

const EXPECTED = {
  null: Buffer.alloc(0),
  undefined: Buffer.alloc(0),
  string: Buffer.from('plain text'),
  object: Buffer.from(JSON.stringify({ a: 1, b: [true, null], s: 'ü' })),
  number: Buffer.from('42'),
  boolean: Buffer.from('true'),
  buffer: Buffer.from([0, 1, 2, 254, 255]),
};

for (const style of ['callback', 'async']) {
  describe(`event handler, ${style} style`, () => {
    let rt;
    before(async () => { rt = await startRuntime({ fixture: 'events', handler: `index.${style}` }); });
    after(() => rt.stop());

    for (const [type, expected] of Object.entries(EXPECTED)) {
      it(`converts a ${type} result`, async () => {
        const res = await rt.invoke(type);
        assert.strictEqual(res.status, 200, res.text);
        assert.strictEqual(res.headers['x-fc-error-type'], undefined);
        assert.deepStrictEqual(res.body, expected);
      });
    }
  });
}

describe('event handler results and context', () => {
  const runtimes = [];
  const start = async (opts) => { const rt = await startRuntime(opts); runtimes.push(rt); return rt; };
  after(() => Promise.all(runtimes.map((rt) => rt.stop())));

  it('uses the value of a promise returned by a non-async function', async () => {
    const rt = await start({ fixture: 'events', handler: 'index.promise' });
    const res = await rt.invoke('x');
    assert.strictEqual(res.status, 200);
    assert.strictEqual(res.text, 'promised x');
  });

  it('takes the first callback call and ignores later ones', async () => {
    const rt = await start({ fixture: 'events', handler: 'index.twice' });
    const res = await rt.invoke('');
    assert.strictEqual(res.status, 200);
    assert.strictEqual(res.text, 'first');
    // The instance still serves afterwards.
    assert.strictEqual((await rt.invoke('')).text, 'first');
  });

  it('waits for the callback of an async handler that declares one and resolves undefined', async () => {
    const rt = await start({ fixture: 'events', handler: 'index.asyncWithCallback' });
    const res = await rt.invoke('');
    assert.strictEqual(res.status, 200);
    assert.strictEqual(res.text, 'via callback');
  });

  it('reports a result that cannot be serialised as an unhandled error', async () => {
    const rt = await start({ fixture: 'events', handler: 'index.circular' });
    const res = await rt.invoke('');
    assert.strictEqual(res.status, 500);
    assert.strictEqual(res.headers['x-fc-error-type'], 'UnhandledInvocationError');
    assert.strictEqual(res.json().errorType, 'TypeError');
  });

  it('passes the event as the raw bytes in a Buffer and builds context from the x-fc-* headers', async () => {
    const rt = await start({ fixture: 'events', handler: 'index.echo', env: { MY_VAR: 'mine' } });
    const event = Buffer.from([0x7b, 0x00, 0xff, 0x0a]);
    const res = await rt.invoke(event, {
      'x-fc-request-id': 'req-ctx-1',
      'x-fc-access-key-id': 'AK',
      'x-fc-access-key-secret': 'SK',
      'x-fc-security-token': 'TOKEN',
      'x-fc-function-name': 'hdr-fn',
      'x-fc-function-handler': 'index.echo',
      'x-fc-function-memory': '512',
      'x-fc-function-timeout': '30',
      'x-fc-function-initializer': 'index.init',
      'x-fc-initialization-timeout': '7',
      'x-fc-service-name': 'hdr-svc',
      'x-fc-service-logproject': 'proj',
      'x-fc-service-logstore': 'store',
      'x-fc-qualifier': 'LATEST',
      'x-fc-version-id': '3',
      'x-fc-region': 'cn-hangzhou',
      'x-fc-account-id': '42',
      'x-fc-retry-count': '2',
      'x-fc-tracing-opentracing-span-baggages': Buffer.from(JSON.stringify({ k: 'v' })).toString('base64'),
    });
    assert.strictEqual(res.status, 200, res.text);
    const out = res.json();
    assert.strictEqual(out.isBuffer, true);
    assert.strictEqual(out.base64, event.toString('base64'));
    const c = out.context;
    assert.strictEqual(c.requestId, 'req-ctx-1');
    assert.deepStrictEqual(c.credentials, { accessKeyId: 'AK', accessKeySecret: 'SK', securityToken: 'TOKEN' });
    assert.deepStrictEqual(c.function, {
      name: 'hdr-fn', handler: 'index.echo', memory: 512, timeout: 30,
      initializer: 'index.init', initializationTimeout: 7,
    });
    assert.deepStrictEqual(c.service, {
      name: 'hdr-svc', logProject: 'proj', logStore: 'store', qualifier: 'LATEST', versionId: '3',
    });
    assert.strictEqual(c.region, 'cn-hangzhou');
    assert.strictEqual(c.accountId, '42');
    assert.strictEqual(c.retryCount, 2);
    assert.deepStrictEqual(c.tracing.openTracingSpanBaggages, { k: 'v' });
    assert.deepStrictEqual(out.loggerMethods, ['debug', 'error', 'info', 'log', 'warn']);
  });

  it('falls back to the environment for context, runs in the code dir and hides runtime-internal env', async () => {
    const rt = await start({ fixture: 'events', handler: 'index.echo', env: { MY_VAR: 'mine' } });
    // No control header: dispatched on the path.
    const res = await rt.request({ method: 'POST', path: '/invoke', body: 'e' });
    assert.strictEqual(res.status, 200, res.text);
    const out = res.json();
    assert.match(out.context.requestId, /^[0-9a-f-]{36}$/, 'a request id is generated when none is sent');
    assert.strictEqual(out.context.function.name, 'fn');
    assert.strictEqual(out.context.function.memory, 128);
    assert.strictEqual(out.context.function.timeout, 3);
    assert.strictEqual(out.context.service.name, 'svc');
    assert.strictEqual(out.context.region, 'cn-local');
    assert.strictEqual(out.context.accountId, '1234567890');
    assert.strictEqual(out.context.retryCount, 0);
    assert.strictEqual(out.cwd, require('node:fs').realpathSync(rt.codeDir));
    assert.strictEqual(out.env.FC_SERVER_PORT, undefined);
    assert.strictEqual(out.env.FC_INSTANCE_ID, `instance-${rt.port}`);
    assert.strictEqual(out.env.FC_FUNC_CODE_PATH, rt.codeDir);
    assert.strictEqual(out.env.FC_FUNCTION_NAME, 'fn');
    assert.strictEqual(out.env.MY_VAR, 'mine');
  });

  it('loads handlers from sub-directories and nested exports', async () => {
    const rt = await start({ fixture: 'events', handler: 'src/app.handler' });
    const res = await rt.invoke('ping');
    assert.strictEqual(res.text, 'from src/app: ping');
    const nested = await start({ fixture: 'events', handler: 'src/app.nested.deeper.fn' });
    assert.strictEqual((await nested.invoke('')).text, 'nested export');
  });

  it('loads an ES module handler from index.mjs', async () => {
    const rt = await start({ fixture: 'esm', handler: 'index.handler', initializer: 'index.initializer' });
    assert.strictEqual((await rt.initialize()).status, 200);
    const res = await rt.invoke('esm event', { 'x-fc-request-id': 'esm-1' });
    assert.strictEqual(res.status, 200, res.text);
    assert.deepStrictEqual(res.json(), { esm: true, initialized: true, event: 'esm event', requestId: 'esm-1' });
  });
});
