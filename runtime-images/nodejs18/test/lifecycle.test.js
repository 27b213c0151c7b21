'use strict';
// Instance lifecycle: /initialize (once), /pre-stop, /pre-freeze, SIGTERM.
const { describe, it, after } = require('node:test');
const assert = require('node:assert');
const { startRuntime } = require('./harness');

describe('lifecycle', () => {
  const runtimes = [];
  const start = async (opts) => { const rt = await startRuntime(opts); runtimes.push(rt); return rt; };
  after(() => Promise.all(runtimes.map((rt) => rt.stop())));

  it('runs the initializer once: a second /initialize answers 200 without running it again', async () => {
    const rt = await start({ fixture: 'lifecycle', initializer: 'index.initializer' });
    const first = await rt.initialize({ 'x-fc-request-id': 'init-1' });
    assert.strictEqual(first.status, 200);
    assert.strictEqual(first.body.length, 0);
    assert.strictEqual((await rt.initialize({ 'x-fc-request-id': 'init-2' })).status, 200);
    const state = (await rt.invoke('', { 'x-fc-request-id': 'after-init' })).json();
    assert.strictEqual(state.initCount, 1);
    await rt.waitForOutput('FC Invoke End RequestId: after-init\n');
    assert.match(rt.stdout, /FC Initialize Start RequestId: init-1\n/);
    assert.match(rt.stdout, /init-1 \[info\] initializer running #1 for fn/);
    assert.match(rt.stdout, /FC Initialize End RequestId: init-1\n/);
    assert.doesNotMatch(rt.stdout, /FC Initialize Start RequestId: init-2/);
  });

  it('concurrent /initialize calls share one run', async () => {
    const rt = await start({ fixture: 'lifecycle', initializer: 'index.initializer' });
    const results = await Promise.all([rt.initialize(), rt.initialize(), rt.initialize()]);
    assert.deepStrictEqual(results.map((r) => r.status), [200, 200, 200]);
    assert.strictEqual((await rt.invoke('')).json().initCount, 1);
  });

  it('accepts an async initializer (context) => promise', async () => {
    const rt = await start({ fixture: 'lifecycle', initializer: 'index.initAsync' });
    assert.strictEqual((await rt.initialize()).status, 200);
    assert.strictEqual((await rt.invoke('')).json().initCount, 1);
  });

  it('answers 200 at once when no initializer is configured, and the path alone dispatches', async () => {
    const rt = await start({ fixture: 'lifecycle' });
    const res = await rt.request({ method: 'POST', path: '/initialize' });
    assert.strictEqual(res.status, 200);
    assert.strictEqual((await rt.invoke('')).json().initCount, 0);
  });

  it('an initializer that calls back with an error fails with a handled error; a retry runs it again', async () => {
    const rt = await start({ fixture: 'lifecycle', initializer: 'index.initFails' });
    const res = await rt.initialize({ 'x-fc-request-id': 'init-fail' });
    assert.strictEqual(res.status, 500);
    assert.strictEqual(res.headers['x-fc-error-type'], 'HandledInvocationError');
    assert.deepStrictEqual(
      (({ errorMessage, errorType }) => ({ errorMessage, errorType }))(res.json()),
      { errorMessage: 'init failed #1: no database', errorType: 'Error' });
    await rt.waitForOutput(/FC Initialize End RequestId: init-fail, Error: Handled function error/);
    const again = await rt.initialize();
    assert.strictEqual(again.status, 500);
    assert.strictEqual(again.json().errorMessage, 'init failed #2: no database');
  });

  it('an initializer that throws fails with an unhandled error', async () => {
    const rt = await start({ fixture: 'lifecycle', initializer: 'index.initThrows' });
    const res = await rt.initialize();
    assert.strictEqual(res.status, 500);
    assert.strictEqual(res.headers['x-fc-error-type'], 'UnhandledInvocationError');
    assert.strictEqual(res.json().errorType, 'TypeError');
    assert.strictEqual(res.json().errorMessage, 'initializer threw');
  });

  it('an initializer that cannot be loaded fails /initialize with the load error', async () => {
    const rt = await start({ fixture: 'lifecycle', initializer: 'index.noSuchInitializer' });
    const res = await rt.initialize();
    assert.strictEqual(res.status, 500);
    assert.strictEqual(res.headers['x-fc-error-type'], 'UnhandledInvocationError');
    assert.strictEqual(res.json().errorType, 'HandlerNotFound');
  });

  it('calls the pre-stop hook (POST or GET) and the pre-freeze hook', async () => {
    const rt = await start({ fixture: 'lifecycle', preStop: 'index.preStop', preFreeze: 'index.preFreeze' });
    const stop = await rt.request({ method: 'POST', path: '/pre-stop',
      headers: { 'x-fc-control-path': '/pre-stop', 'x-fc-request-id': 'stop-1' } });
    assert.strictEqual(stop.status, 200);
    assert.strictEqual((await rt.request({ method: 'GET', path: '/pre-stop' })).status, 200);
    const freeze = await rt.request({ method: 'GET', path: '/pre-freeze',
      headers: { 'x-fc-control-path': '/pre-freeze', 'x-fc-request-id': 'freeze-1' } });
    assert.strictEqual(freeze.status, 200);
    assert.deepStrictEqual((await rt.invoke('', { 'x-fc-request-id': 'after-hooks' })).json(),
      { initCount: 0, preStopCount: 2, preFreezeCount: 1 });
    await rt.waitForOutput('FC Invoke End RequestId: after-hooks\n');
    assert.match(rt.stdout, /FC PreStop Start RequestId: stop-1\n/);
    assert.match(rt.stdout, /stop-1 \[info\] preStop running #1 stop-1/);
    assert.match(rt.stdout, /FC PreStop End RequestId: stop-1\n/);
    assert.match(rt.stdout, /FC PreFreeze Start RequestId: freeze-1\n/);
  });

  it('answers /pre-stop with 200 when no hook is configured', async () => {
    const rt = await start({ fixture: 'lifecycle' });
    const res = await rt.request({ method: 'GET', path: '/pre-stop', headers: { 'x-fc-control-path': '/pre-stop' } });
    assert.strictEqual(res.status, 200);
    assert.strictEqual((await rt.invoke('', { 'x-fc-request-id': 'after-stop' })).status, 200);
    await rt.waitForOutput('FC Invoke End RequestId: after-stop\n');
    assert.doesNotMatch(rt.stdout, /FC PreStop Start/);
  });

  it('on SIGTERM finishes the request in flight, then exits 0', async () => {
    const rt = await start({ fixture: 'lifecycle', handler: 'index.slow' });
    const pending = rt.invoke('', { 'x-fc-request-id': 'slow-1' });
    await rt.waitForOutput('slow started slow-1');
    rt.child.kill('SIGTERM');
    const res = await pending;
    assert.strictEqual(res.status, 200);
    assert.strictEqual(res.text, 'slow done');
    const { code, signal } = await rt.exited;
    assert.deepStrictEqual({ code, signal }, { code: 0, signal: null });
  });

  it('on SIGTERM with nothing in flight exits 0 at once', async () => {
    const rt = await start({ fixture: 'lifecycle' });
    assert.strictEqual((await rt.invoke('')).status, 200); // leaves an idle keep-alive connection
    rt.child.kill('SIGTERM');
    const { code } = await rt.exited;
    assert.strictEqual(code, 0);
  });
});
