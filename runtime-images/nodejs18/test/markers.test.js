'use strict';
// FC's Start/End markers: a call's Start marker is held back until something is written, its End marker, or a short
// hold passes, so that a call writing nothing costs one write (log.js). The order a reader sees never changes.
const { describe, it, after } = require('node:test');
const assert = require('node:assert');
const { startRuntime } = require('./harness');

// log.js in this process, with process.stdout/stderr.write recorded (and put back before the test ends).
function recordedLog() {
  const writes = [];
  const saved = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = (chunk) => { writes.push(`out:${chunk}`); return true; };
  process.stderr.write = (chunk) => { writes.push(`err:${chunk}`); return true; };
  delete require.cache[require.resolve('../bootstrap/log')];
  const log = require('../bootstrap/log');
  const restore = () => { process.stdout.write = saved.out; process.stderr.write = saved.err; };
  return { log, writes, restore };
}

describe('markers', () => {
  it('a call that writes nothing has its Start and End markers written in one write', () => {
    const { log, writes, restore } = recordedLog();
    try {
      log.startMarker('FC Invoke Start RequestId: a');
      log.endMarker('FC Invoke End RequestId: a');
    } finally {
      restore();
    }
    assert.deepStrictEqual(writes, ['out:FC Invoke Start RequestId: a\nFC Invoke End RequestId: a\n']);
  });

  it('whatever is written during the call, by any means, comes after the held Start marker', () => {
    const { log, writes, restore } = recordedLog();
    try {
      log.patchConsole();
      log.startMarker('FC Invoke Start RequestId: b');
      process.stdout.write('bare line\n');
      console.error('to stderr');
      log.endMarker('FC Invoke End RequestId: b');
    } finally {
      restore();
    }
    assert.strictEqual(writes.length, 4, writes.join(''));
    assert.strictEqual(writes[0], 'out:FC Invoke Start RequestId: b\n');
    assert.strictEqual(writes[1], 'out:bare line\n');
    assert.match(writes[2], /^err:.* \[error\] to stderr\n$/);
    assert.strictEqual(writes[3], 'out:FC Invoke End RequestId: b\n');
  });

  it('Start markers of calls that overlap keep their order', () => {
    const { log, writes, restore } = recordedLog();
    try {
      log.startMarker('FC Invoke Start RequestId: c1');
      log.startMarker('FC Invoke Start RequestId: c2');
      log.endMarker('FC Invoke End RequestId: c2');
      log.endMarker('FC Invoke End RequestId: c1');
    } finally {
      restore();
    }
    assert.deepStrictEqual(writes, [
      'out:FC Invoke Start RequestId: c1\nFC Invoke Start RequestId: c2\nFC Invoke End RequestId: c2\n',
      'out:FC Invoke End RequestId: c1\n',
    ]);
  });

  describe('in a running runtime', () => {
    const runtimes = [];
    after(() => Promise.all(runtimes.map((rt) => rt.stop())));

    it('a call that runs on without writing has its Start marker written while it still runs', async () => {
      const rt = await startRuntime({ fixture: 'quiet' });
      runtimes.push(rt);
      const held = rt.invoke('hold', { 'x-fc-request-id': 'held-1' });
      await rt.waitForOutput('FC Invoke Start RequestId: held-1\n');
      assert.ok(!rt.stdout.includes('FC Invoke End RequestId: held-1'), 'the call is still running');
      assert.strictEqual((await rt.invoke('release', { 'x-fc-request-id': 'release-1' })).text, 'released');
      assert.strictEqual((await held).text, 'held');
      await rt.waitForOutput('FC Invoke End RequestId: held-1\n');
      const out = rt.stdout;
      assert.ok(out.indexOf('FC Invoke Start RequestId: held-1') < out.indexOf('FC Invoke Start RequestId: release-1'));
      assert.ok(out.indexOf('FC Invoke End RequestId: release-1') < out.indexOf('FC Invoke End RequestId: held-1'));
    });
  });
});
