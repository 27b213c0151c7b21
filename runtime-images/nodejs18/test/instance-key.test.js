'use strict';
// The instance key (PROTOCOL.md §1a): only the platform, which handed the key to the launcher, can call the instance;
// user code sees the key nowhere.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert');
const { startRuntime, KEY_HEADER } = require('./harness');

describe('instance key', () => {
  let rt;
  before(async () => { rt = await startRuntime({ fixture: 'instance-key' }); });
  after(() => rt.stop());

  for (const [what, key] of [['no key', ''], ['a wrong key of the same length', 'f'.repeat(64)],
    ['a prefix of the key', null], ['the key twice', null]]) {
    it(`refuses ${what} with 403 on every control path, before user code runs`, async () => {
      const k = key !== null ? key : (what.includes('prefix') ? rt.key.slice(0, 10) : `${rt.key}, ${rt.key}`);
      for (const control of ['/http-invoke', '/invoke', '/initialize', '/pre-stop']) {
        const res = await rt.request({ method: 'POST', path: '/', key: k, headers: { 'x-fc-control-path': control } });
        assert.strictEqual(res.status, 403, `${control}: ${res.text}`);
        assert.strictEqual(res.json().errorType, 'Forbidden');
      }
    });
  }

  it('serves the right key and hides it from user code: headers, process.env, /proc/self/environ, fd 3', async () => {
    const res = await rt.http('GET', '/');
    assert.strictEqual(res.status, 200, res.text);
    const out = res.json();
    assert.strictEqual(out.headers[KEY_HEADER], undefined);
    assert.ok(!JSON.stringify(out.env).includes(rt.key), 'process.env holds the key');
    assert.ok(!out.environ.includes(rt.key), '/proc/self/environ holds the key');
    assert.ok(!out.fd3.includes(rt.key), 'fd 3 still gives the key');
    assert.strictEqual(out.env.LOCALFAAS_INSTANCE_KEY, undefined);
  });
});

describe('instance key missing at start', () => {
  it('a runtime started without a key exits 2 saying so', async () => {
    const rt = await startRuntime({ fixture: 'instance-key', key: '', expectExit: true });
    assert.strictEqual(rt.exitInfo.code, 2);
    assert.match(rt.output, /no instance key/);
    await rt.stop();
  });
});
