'use strict';
// Standalone mode (PROTOCOL.md §9): the runtime on its own, as a Knative container runs it.
const { describe, it, after } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const { startRuntime, freePort, waitUntil } = require('./harness');

function gatePath() {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'localfaas-gate-')), 'open');
}

function canConnect(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

describe('standalone', { timeout: 60000 }, () => {
  const runtimes = [];
  const start = async (opts) => { const rt = await startRuntime(opts); runtimes.push(rt); return rt; };
  after(() => Promise.all(runtimes.map((rt) => rt.stop())));

  it('runs the initializer before it listens: the port opens only once it succeeded', async () => {
    const gate = gatePath();
    const port = await freePort();
    const pending = start({ fixture: 'standalone', port, standalone: 'event', handler: 'index.event',
      initializer: 'index.initializer', env: { INIT_GATE: gate } });
    await waitUntil(() => fs.existsSync(`${gate}.started`), { what: 'the initializer to start' });
    assert.strictEqual(await canConnect(port), false, 'not listening while the initializer runs');
    fs.writeFileSync(gate, '');
    const rt = await pending;
    const res = await rt.request({ method: 'POST', path: '/', body: 'hello', headers: { 'x-fc-request-id': 'r-1' } });
    assert.strictEqual(res.status, 200);
    assert.strictEqual(res.headers['x-fc-request-id'], 'r-1');
    assert.deepStrictEqual(res.json(), { initialized: true, event: 'hello', requestId: 'r-1' });
    assert.match(rt.stdout, /initializer started[\s\S]*listening on 127\.0\.0\.1:\d+ \(standalone, event function\)/);
  });

  it('serves an event function on POST / and on the invoke API path; other paths and methods get JSON errors', async () => {
    const rt = await start({ fixture: 'standalone', standalone: 'event', handler: 'index.event' });
    const viaApi = await rt.request({ method: 'POST', path: '/2016-08-15/services/svc/functions/fn/invocations', body: '{"a":1}' });
    assert.strictEqual(viaApi.status, 200);
    assert.strictEqual(viaApi.json().event, '{"a":1}');
    assert.ok(viaApi.headers['x-fc-request-id'], 'a generated request id');
    const notFound = await rt.request({ method: 'POST', path: '/invoke', body: 'x', headers: { 'x-fc-control-path': '/initialize' } });
    assert.strictEqual(notFound.status, 404);
    assert.strictEqual(notFound.json().errorType, 'NotFound');
    const wrongMethod = await rt.request({ method: 'GET', path: '/' });
    assert.strictEqual(wrongMethod.status, 405);
    assert.strictEqual(wrongMethod.json().errorType, 'MethodNotAllowed');
  });

  it('answers an event function error 200 with x-fc-error-type, as the invoke API does', async () => {
    const rt = await start({ fixture: 'standalone', standalone: 'event', handler: 'index.eventFails' });
    const res = await rt.request({ method: 'POST', path: '/', body: 'e1' });
    assert.strictEqual(res.status, 200);
    assert.strictEqual(res.headers['x-fc-error-type'], 'HandledInvocationError');
    assert.strictEqual(res.json().errorMessage, 'bad event e1');
  });

  it('serves an HTTP function for every path and method, control paths included', async () => {
    const rt = await start({ fixture: 'standalone', standalone: 'http', handler: 'index.http' });
    const res = await rt.request({ method: 'PUT', path: '/initialize?x=1', body: 'b', headers: { 'x-fc-control-path': '/pre-stop' } });
    assert.strictEqual(res.status, 201);
    assert.deepStrictEqual(res.json(), { initialized: false, method: 'PUT', path: '/initialize', queries: { x: '1' }, body: 'b' });
  });

  it('answers an HTTP function error 502 with x-fc-error-type, as an HTTP trigger does', async () => {
    const rt = await start({ fixture: 'standalone', standalone: 'http', handler: 'index.missing' });
    const res = await rt.request({ method: 'GET', path: '/' });
    assert.strictEqual(res.status, 502);
    assert.strictEqual(res.headers['x-fc-error-type'], 'UnhandledInvocationError');
    assert.strictEqual(res.json().errorType, 'HandlerNotFound');
  });

  it('exits 1 with the error in its log when the initializer fails, never listening', async () => {
    const rt = await start({ fixture: 'standalone', standalone: 'event', handler: 'index.event', initializer: 'index.initFails',
      expectExit: true });
    assert.strictEqual(rt.exitInfo.code, 1);
    assert.match(rt.output, /no database at start-up/);
    assert.match(rt.output, /initializer index\.initFails failed: exiting/);
    assert.doesNotMatch(rt.output, /listening on/);
  });

  it('exits 1 when the initializer outlives FC_INITIALIZATION_TIMEOUT', async () => {
    const rt = await start({ fixture: 'standalone', standalone: 'event', handler: 'index.event', initializer: 'index.initNever',
      env: { FC_INITIALIZATION_TIMEOUT: '1' }, expectExit: true });
    assert.strictEqual(rt.exitInfo.code, 1);
    assert.match(rt.output, /did not finish within 1000 ms \(FC_INITIALIZATION_TIMEOUT\)/);
    assert.doesNotMatch(rt.output, /listening on/);
  });

  it('on SIGTERM lets the call in flight finish, runs the pre-stop hook, then exits 0', async () => {
    const gate = gatePath();
    const rt = await start({ fixture: 'standalone', standalone: 'event', handler: 'index.slowUntilGate', preStop: 'index.preStop',
      env: { INIT_GATE: gate } });
    const pending = rt.request({ method: 'POST', path: '/', body: '', headers: { 'x-fc-request-id': 'slow-1' } });
    await rt.waitForOutput('slow started slow-1');
    rt.child.kill('SIGTERM');
    await rt.waitForOutput('received SIGTERM');
    await waitUntil(async () => !(await canConnect(rt.port)), { what: 'the port to close while draining' });
    fs.writeFileSync(gate, '');
    const res = await pending;
    assert.strictEqual(res.status, 200);
    assert.strictEqual(res.text, 'slow done');
    const { code } = await rt.exited;
    assert.strictEqual(code, 0);
    assert.match(rt.stdout, /received SIGTERM[\s\S]*preStop ran/);
  });

  it('refuses an unknown FC_STANDALONE mode', async () => {
    const rt = await start({ fixture: 'standalone', standalone: 'queue', expectExit: true });
    assert.strictEqual(rt.exitInfo.code, 2);
    assert.match(rt.output, /FC_STANDALONE must be one of http, event, got: queue/);
  });
});
