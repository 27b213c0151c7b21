'use strict';
// Log lines: "YYYY-MM-DD HH:mm:ss.SSS <requestId> [<level>] <message>", FC markers.
const { describe, it, after } = require('node:test');
const assert = require('node:assert');
const { startRuntime } = require('./harness');

const TS = '\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}';

describe('logging', () => {
  const runtimes = [];
  const start = async (opts) => { const rt = await startRuntime(opts); runtimes.push(rt); return rt; };
  after(() => Promise.all(runtimes.map((rt) => rt.stop())));

  it('tags console.* and context.logger lines with the request id and level', async () => {
    const rt = await start({ fixture: 'logging' });
    const res = await rt.invoke('', { 'x-fc-request-id': 'log-1' });
    assert.strictEqual(res.status, 200);
    const line = (level, msg) => new RegExp(`^${TS} log-1 \\[${level}\\] ${msg}$`, 'm');
    await rt.waitForOutput('FC Invoke End RequestId: log-1\n');
    await rt.waitForOutput('log-1 [error] logger error\n'); // the last line written to stderr
    // Module top level runs on first use, inside the request that loads it.
    assert.match(rt.stdout, line('info', 'module loading'));
    assert.match(rt.stdout, line('info', "log formatted 7 \\{ a: 1 \\}"));
    assert.match(rt.stdout, line('info', 'info line'));
    assert.match(rt.stderr, line('warn', 'warn line'));
    assert.match(rt.stderr, line('error', 'error line'));
    assert.match(rt.stdout, line('debug', 'debug line'));
    assert.match(rt.stdout, line('info', 'logger info'));
    assert.match(rt.stderr, line('error', 'logger error'));
    assert.match(rt.stdout, line('info', 'from a timer'));
    assert.match(rt.stdout, /^FC Invoke Start RequestId: log-1$/m);
    assert.match(rt.stdout, /^FC Invoke End RequestId: log-1$/m);
    assert.ok(rt.stdout.indexOf('FC Invoke Start RequestId: log-1') < rt.stdout.indexOf('info line'));
    assert.ok(rt.stdout.indexOf('from a timer') < rt.stdout.indexOf('FC Invoke End RequestId: log-1'));
  });

  it('prints the listening line, and runtime lines outside a request carry no request id', async () => {
    const rt = await start({ fixture: 'logging' });
    await rt.waitForOutput(/\[info\] handler index\.handler.*\n/); // written right after the listening line
    assert.match(rt.stdout, new RegExp(`^localfaas runtime nodejs18 listening on 127\\.0\\.0\\.1:${rt.port}$`, 'm'));
    assert.match(rt.stdout, new RegExp(`^${TS} \\[info\\] handler index\\.handler`, 'm'));
  });

  it('ALIYUN_FC_LOG_LEVEL=warn drops debug and info lines', async () => {
    const rt = await start({ fixture: 'logging', env: { ALIYUN_FC_LOG_LEVEL: 'warn' } });
    assert.strictEqual((await rt.invoke('', { 'x-fc-request-id': 'log-2' })).status, 200);
    await rt.waitForOutput('FC Invoke End RequestId: log-2\n');
    await rt.waitForOutput('log-2 [error] logger error\n');
    assert.match(rt.stderr, /log-2 \[warn\] warn line/);
    assert.match(rt.stderr, /log-2 \[error\] logger error/);
    assert.doesNotMatch(rt.stdout, /log-2 \[(info|debug)\] (info line|debug line|logger info|log formatted)/);
  });
});
