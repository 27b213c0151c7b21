'use strict';
// Function errors: 500 + x-fc-error-type + {"errorMessage", "errorType", "stackTrace"}.
// callback(err) is a HandledInvocationError; everything else is an UnhandledInvocationError.
const { describe, it, after } = require('node:test');
const assert = require('node:assert');
const { startRuntime } = require('./harness');

function assertFunctionError(res, kind, errorType, message) {
  assert.strictEqual(res.status, 500, res.text);
  assert.strictEqual(res.headers['x-fc-error-type'], kind);
  assert.strictEqual(res.headers['content-type'], 'application/json');
  const err = res.json();
  assert.strictEqual(err.errorType, errorType);
  if (message instanceof RegExp) assert.match(err.errorMessage, message);
  else assert.strictEqual(err.errorMessage, message);
  return err;
}

describe('handler errors', () => {
  const runtimes = [];
  const start = async (opts) => { const rt = await startRuntime(opts); runtimes.push(rt); return rt; };
  after(() => Promise.all(runtimes.map((rt) => rt.stop())));

  it('a synchronous throw is unhandled, with the error name and stack', async () => {
    const rt = await start({ fixture: 'errors', handler: 'index.throws' });
    const err = assertFunctionError(await rt.invoke(''), 'UnhandledInvocationError', 'TypeError',
      /Cannot read propert/);
    assert.ok(Array.isArray(err.stackTrace));
    assert.match(err.stackTrace[0], /^TypeError: /);
    assert.ok(err.stackTrace.some((line) => line.includes('index.js')), 'the stack names the user file');
  });

  it('callback(err) is handled', async () => {
    const rt = await start({ fixture: 'errors', handler: 'index.callbackError' });
    const err = assertFunctionError(await rt.invoke(''), 'HandledInvocationError', 'RangeError', 'bad range');
    assert.match(err.stackTrace[0], /^RangeError: bad range/);
  });

  it('callback(non-Error) is handled, typed FunctionHandledError, without a stack', async () => {
    const rt = await start({ fixture: 'errors', handler: 'index.callbackString' });
    const err = assertFunctionError(await rt.invoke(''), 'HandledInvocationError', 'FunctionHandledError',
      'plain failure');
    assert.strictEqual(err.stackTrace, undefined);
  });

  it('a rejected promise is unhandled', async () => {
    const rt = await start({ fixture: 'errors', handler: 'index.rejects' });
    assertFunctionError(await rt.invoke(''), 'UnhandledInvocationError', 'Error', 'rejected on purpose');
  });

  it('an uncaught exception during a request fails that request, and the server keeps serving', async () => {
    const rt = await start({ fixture: 'errors', handler: 'index.uncaught' });
    assertFunctionError(await rt.invoke('', { 'x-fc-request-id': 'unc-1' }), 'UnhandledInvocationError',
      'Error', 'uncaught in unc-1');
    assertFunctionError(await rt.invoke('', { 'x-fc-request-id': 'unc-2' }), 'UnhandledInvocationError',
      'Error', 'uncaught in unc-2');
    assert.strictEqual(rt.exitInfo, null, 'the runtime is still running');
    await rt.waitForOutput(/FC Invoke End RequestId: unc-1, Error: Unhandled function error/);
  });

  it('an unhandled rejection during a request fails that request', async () => {
    const rt = await start({ fixture: 'errors', handler: 'index.unhandledRejection' });
    assertFunctionError(await rt.invoke('', { 'x-fc-request-id': 'rej-1' }), 'UnhandledInvocationError',
      'Error', 'unhandled rejection in rej-1');
  });

  it('an exception after the response is logged and does not kill the runtime', async () => {
    const rt = await start({ fixture: 'errors', handler: 'index.throwsAfterResponse' });
    const res = await rt.invoke('');
    assert.strictEqual(res.status, 200);
    assert.strictEqual(res.text, 'answered');
    await rt.waitForOutput('late exception after the response');
    assert.match(rt.stderr, /uncaught exception \(no pending request to attribute it to\)/);
    assert.strictEqual((await rt.invoke('')).text, 'answered');
  });
});

describe('load errors come back on the request and never crash the runtime', () => {
  const runtimes = [];
  const start = async (opts) => { const rt = await startRuntime(opts); runtimes.push(rt); return rt; };
  after(() => Promise.all(runtimes.map((rt) => rt.stop())));

  const cases = [
    { name: 'HandlerNotFound (export missing)', fixture: 'errors', handler: 'index.nope',
      type: 'HandlerNotFound', message: /index\.nope is undefined or not exported/ },
    { name: 'HandlerNotFound (export is not a function)', fixture: 'errors', handler: 'index.notAFunction',
      type: 'HandlerNotFound', message: /index\.notAFunction/ },
    { name: 'InvalidHandlerName', fixture: 'errors', handler: 'index',
      type: 'InvalidHandlerName', message: /Invalid handler name "index"/ },
    { name: 'InvalidHandlerName (path escape)', fixture: 'errors', handler: '../etc/passwd.x',
      type: 'InvalidHandlerName', message: /Invalid handler name/ },
    { name: 'ImportModuleError (no such file)', fixture: 'errors', handler: 'missing.handler',
      type: 'ImportModuleError', message: /Cannot find module 'missing'/ },
    { name: 'ImportModuleError (missing dependency)', fixture: 'broken-import', handler: 'index.handler',
      type: 'ImportModuleError',
      message: /Cannot find module 'localfaas-package-that-does-not-exist'\. Looked in .*node_modules.*npm install localfaas-package-that-does-not-exist` in the function's code folder/ },
    { name: 'UserCodeSyntaxError', fixture: 'broken-syntax', handler: 'index.handler',
      type: 'UserCodeSyntaxError', message: /^SyntaxError: / },
    { name: 'a top-level throw', fixture: 'broken-throw', handler: 'index.handler',
      type: 'Error', message: 'top-level failure (load #1)' },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const rt = await start({ fixture: c.fixture, handler: c.handler });
      const first = assertFunctionError(await rt.invoke('', { 'x-fc-request-id': 'load-1' }),
        'UnhandledInvocationError', c.type, c.message);
      assert.ok(Array.isArray(first.stackTrace));
      // Asked again: same answer (the module's top level is not run twice), runtime alive.
      assertFunctionError(await rt.invoke(''), 'UnhandledInvocationError', c.type, c.message);
      const viaHttp = await rt.http('GET', '/');
      assertFunctionError(viaHttp, 'UnhandledInvocationError', c.type, c.message);
      assert.strictEqual(rt.exitInfo, null);
      await rt.waitForOutput(/FC Invoke End RequestId: load-1, Error: Unhandled function error/);
    });
  }

  it('the syntax error names the file and line', async () => {
    const rt = await start({ fixture: 'broken-syntax', handler: 'index.handler' });
    const err = (await rt.invoke('')).json();
    assert.ok(err.stackTrace.some((line) => /index\.js:\d+/.test(line)), err.stackTrace.join('\n'));
  });
});
