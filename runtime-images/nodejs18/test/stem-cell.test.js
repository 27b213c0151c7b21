'use strict';
// Stem cells (PROTOCOL.md §10): a runtime started with LOCALFAAS_STEM_CELL=1 and no function listens at once, serves
// nothing but /specialise (with its key), and then becomes the function named in that call, under the new key.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startRuntime, fixtureCodeDir } = require('./harness');

function specialiseBody(codeDir, newKey, extra = {}) {
  return JSON.stringify({ environment: {
    FC_FUNC_CODE_PATH: codeDir, FC_HANDLER: 'index.handler', FC_FUNCTION_HANDLER: 'index.handler',
    FC_FUNCTION_NAME: 'special', FC_SERVER_PORT: '1', LOCALFAAS_INSTANCE_KEY: newKey, STEM_VAR: 'mine', ...extra } });
}

function specialise(rt, body, key) {
  return rt.request({ method: 'POST', path: '/specialise', key, headers: { 'x-fc-control-path': '/specialise' }, body });
}

describe('stem cell', () => {
  let rt;
  let stemDir;
  let codeDir;
  const newKey = crypto.randomBytes(32).toString('hex');
  before(async () => {
    stemDir = fs.mkdtempSync(path.join(os.tmpdir(), 'localfaas-stem-'));
    rt = await startRuntime({ codeDir: stemDir, env: { LOCALFAAS_STEM_CELL: '1', FC_HANDLER: '', FC_FUNCTION_HANDLER: '' } });
    codeDir = fixtureCodeDir('instance-key');
  });
  after(async () => {
    await rt.stop();
    fs.rmSync(stemDir, { recursive: true, force: true });
    fs.rmSync(codeDir, { recursive: true, force: true });
  });

  it('answers every call but /specialise with 409 before it is specialised', async () => {
    const res = await rt.http('GET', '/');
    assert.strictEqual(res.status, 409, res.text);
    assert.match(res.json().errorMessage, /no function yet/);
  });

  it('refuses /specialise without its key (403) and a bad body (400)', async () => {
    assert.strictEqual((await specialise(rt, specialiseBody(codeDir, newKey), '')).status, 403);
    const bad = await specialise(rt, '{"environment": []}');
    assert.strictEqual(bad.status, 400, bad.text);
    const noKey = await specialise(rt, JSON.stringify({ environment: { FC_HANDLER: 'index.handler' } }));
    assert.strictEqual(noKey.status, 400, noKey.text);
    assert.match(noKey.json().errorMessage, /LOCALFAAS_INSTANCE_KEY/);
  });

  it('becomes the function: its code folder, its variables, the new key; once only', async () => {
    const res = await specialise(rt, specialiseBody(codeDir, newKey));
    assert.strictEqual(res.status, 200, res.text);
    const old = await rt.request({ method: 'GET', path: '/', headers: { 'x-fc-control-path': '/http-invoke' } });
    assert.strictEqual(old.status, 403, 'the stem cell\'s key no longer opens it');
    const call = await rt.request({ method: 'GET', path: '/', key: newKey, headers: { 'x-fc-control-path': '/http-invoke' } });
    assert.strictEqual(call.status, 200, call.text);
    const out = call.json();
    assert.strictEqual(out.env.STEM_VAR, 'mine');
    assert.strictEqual(out.env.FC_FUNCTION_NAME, 'special');
    assert.strictEqual(out.env.LOCALFAAS_INSTANCE_KEY, undefined);
    assert.strictEqual(out.env.LOCALFAAS_STEM_CELL, undefined);
    assert.strictEqual(out.env.FC_SERVER_PORT, undefined);
    assert.ok(!JSON.stringify(out.env).includes(newKey), 'process.env holds the key');
    const again = await specialise(rt, specialiseBody(codeDir, crypto.randomBytes(32).toString('hex')), newKey);
    assert.strictEqual(again.status, 409, again.text);
  });
});

describe('not a stem cell', () => {
  it('an ordinary instance refuses /specialise as an unknown control path', async () => {
    const rt = await startRuntime({ fixture: 'instance-key' });
    try {
      const res = await specialise(rt, specialiseBody(rt.codeDir, crypto.randomBytes(32).toString('hex')));
      assert.strictEqual(res.status, 400, res.text);
    } finally {
      await rt.stop();
    }
  });
});
