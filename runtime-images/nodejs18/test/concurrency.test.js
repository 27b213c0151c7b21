'use strict';
// N requests in flight at once in one instance, each with its own outcome and its own log lines.
const { describe, it, after } = require('node:test');
const assert = require('node:assert');
const { startRuntime } = require('./harness');

const N = 8;

describe('concurrency', () => {
  const runtimes = [];
  const start = async (opts) => { const rt = await startRuntime(opts); runtimes.push(rt); return rt; };
  after(() => Promise.all(runtimes.map((rt) => rt.stop())));

  it(`serves ${N} requests at once: a latch that opens only when all ${N} are inside the handler`, async () => {
    const rt = await start({ fixture: 'concurrency', env: { LATCH_SIZE: String(N) } });
    const ids = Array.from({ length: N }, (_, i) => `conc-${i}`);
    const results = await Promise.all(ids.map((id) => rt.invoke('ok', { 'x-fc-request-id': id })));
    results.forEach((res, i) => {
      assert.strictEqual(res.status, 200, res.text);
      const out = res.json();
      assert.strictEqual(out.requestId, ids[i]);
      assert.strictEqual(out.maxInFlight, N);
    });
  });

  it('attributes errors and log lines of interleaved requests to the right request', async () => {
    const rt = await start({ fixture: 'concurrency', env: { LATCH_SIZE: String(N) } });
    const ids = Array.from({ length: N }, (_, i) => `mix-${i}`);
    const results = await Promise.all(ids.map((id, i) =>
      rt.invoke(i % 2 ? 'fail' : 'ok', { 'x-fc-request-id': id })));
    results.forEach((res, i) => {
      if (i % 2) {
        assert.strictEqual(res.status, 500, res.text);
        assert.strictEqual(res.headers['x-fc-error-type'], 'UnhandledInvocationError');
        assert.strictEqual(res.json().errorMessage, `failure of ${ids[i]}`);
      } else {
        assert.strictEqual(res.status, 200, res.text);
        assert.strictEqual(res.json().requestId, ids[i]);
      }
    });
    for (const id of ids) {
      await rt.waitForOutput(`FC Invoke End RequestId: ${id}`);
      await rt.waitForOutput(`logger says ${id}\n`);
    }
    const lines = rt.output.split('\n');
    for (const id of ids) {
      // Every line that mentions the id in its message carries that id as its request id.
      const own = lines.filter((l) => / (arrived|released|logger says) /.test(l) && l.endsWith(id)
        || l.includes(`arrived ${id} `));
      assert.strictEqual(own.length, 3, `three lines for ${id}:\n${own.join('\n')}`);
      for (const line of own) {
        assert.match(line, new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} ${id} \\[(info|warn)\\] `));
      }
      assert.ok(lines.includes(`FC Invoke Start RequestId: ${id}`));
    }
  });
});
