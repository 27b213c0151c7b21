'use strict';
// Test harness: starts the bootstrap as a child process on a free loopback port with a fixture code
// dir, waits until the port accepts connections (bounded poll, no fixed sleeps), and talks HTTP to it.
//
// `node --test test/` runs every .js file under test/, so:
//   - fixtures are stored as `*.js.txt` / `*.mjs.txt` and copied, without the `.txt`, into a temporary
//     code dir per runtime (see fixtures/README.md);
//   - this file, when run by the test runner as a file of its own, tests the harness itself.
//
// LOCALFAAS_TEST_NODE=/path/to/node runs the bootstrap with another Node binary (e.g. Node 18).

const assert = require('node:assert');
const crypto = require('node:crypto');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const BOOTSTRAP = path.resolve(__dirname, '..', 'bootstrap', 'bootstrap.js');
const LAUNCHER = path.resolve(__dirname, '..', 'bootstrap', 'launcher.sh');
const KEY_HEADER = 'x-localfaas-instance-key';
const FIXTURES = path.join(__dirname, 'fixtures');
const NODE = process.env.LOCALFAAS_TEST_NODE || process.execPath;
const START_TIMEOUT_MS = 10000;

const children = new Set();
process.on('exit', () => {
  for (const child of children) {
    try { child.kill('SIGKILL'); } catch (_) { /* already gone */ }
  }
});

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function copyFixture(src, dst) {
  fs.mkdirSync(dst, { recursive: true });
  for (const entry of fs.readdirSync(src, { withFileTypes: true })) {
    const from = path.join(src, entry.name);
    if (entry.isDirectory()) {
      copyFixture(from, path.join(dst, entry.name));
    } else {
      const name = entry.name.endsWith('.txt') ? entry.name.slice(0, -4) : entry.name;
      fs.copyFileSync(from, path.join(dst, name));
    }
  }
}

// A temporary code dir holding fixtures/<name> (with `.txt` stripped from file names).
function fixtureCodeDir(name) {
  const src = path.join(FIXTURES, name);
  assert.ok(fs.existsSync(src), `no fixture ${name}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `localfaas-nodejs18-${name}-`));
  copyFixture(src, dir);
  return dir;
}

function canConnect(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

async function waitUntil(predicate, { timeoutMs = 5000, intervalMs = 10, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

// Starts a runtime. opts: {fixture | codeDir, port, handler, initializer, preStop, preFreeze, env, standalone, key}.
// key: the instance key handed to the launcher (default: a random one; '' starts it without one).
// standalone: 'http' | 'event' starts it on its own (PROTOCOL.md §9) on PORT, bound to loopback;
// expectExit: resolve once the runtime exits instead of waiting for its port (a standalone start that fails).
async function startRuntime(opts = {}) {
  const codeDir = opts.codeDir || fixtureCodeDir(opts.fixture);
  const port = opts.port || await freePort();
  // The instance key (PROTOCOL.md §1a), as the platform hands it over: through the launcher, which passes it on a pipe.
  const key = opts.standalone ? '' : (opts.key !== undefined ? opts.key : crypto.randomBytes(32).toString('hex'));
  const env = {
    PATH: process.env.PATH,
    LOCALFAAS_NODE: NODE,
    FC_SERVER_PATH: path.dirname(BOOTSTRAP),
    ...(key ? { LOCALFAAS_INSTANCE_KEY: key } : {}),
    ...(opts.standalone
      ? { FC_STANDALONE: opts.standalone, PORT: String(port), FC_SERVER_HOST: '127.0.0.1' }
      : { FC_SERVER_PORT: String(port) }),
    FC_FUNC_CODE_PATH: codeDir,
    FC_FUNCTION_NAME: 'fn',
    FC_SERVICE_NAME: 'svc',
    FC_HANDLER: opts.handler || 'index.handler',
    FC_FUNCTION_HANDLER: opts.handler || 'index.handler',
    FC_MEMORY_SIZE: '128',
    FC_FUNCTION_MEMORY_SIZE: '128',
    FC_TIMEOUT: '3',
    FC_INITIALIZATION_TIMEOUT: '3',
    FC_INSTANCE_CONCURRENCY: '10',
    FC_INSTANCE_ID: `instance-${port}`,
    FC_REGION: 'cn-local',
    FC_ACCOUNT_ID: '1234567890',
    ...(opts.initializer ? { FC_INITIALIZER: opts.initializer, FC_INITIALIZER_HANDLER: opts.initializer } : {}),
    ...(opts.preStop ? { FC_PRE_STOP_HANDLER: opts.preStop } : {}),
    ...(opts.preFreeze ? { FC_PRE_FREEZE_HANDLER: opts.preFreeze } : {}),
    ...(opts.env || {}),
  };
  const child = spawn('sh', [LAUNCHER], { env, cwd: os.tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  // 'close', not 'exit': by then stdout and stderr have been read to their end.
  const exited = new Promise((resolve) => child.on('close', (code, signal) => {
    children.delete(child);
    resolve({ code, signal });
  }));
  let exitInfo = null;
  exited.then((info) => { exitInfo = info; });

  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  // Every call carries the key, as the platform's do; opts.key in a call overrides it ('' sends none).
  const request = (o) => {
    const k = o.key !== undefined ? o.key : key;
    return requestTo({ ...o, headers: { ...(k ? { [KEY_HEADER]: k } : {}), ...(o.headers || {}) } });
  };
  const rt = {
    port,
    key,
    codeDir,
    child,
    exited,
    get stdout() { return stdout; },
    get stderr() { return stderr; },
    get output() { return stdout + stderr; },
    get exitInfo() { return exitInfo; },
    request: (o) => request({ port, agent, ...o }),
    invoke: (body, headers = {}) => request({
      port, agent, method: 'POST', path: '/invoke', body,
      headers: { 'x-fc-control-path': '/invoke', ...headers },
    }),
    initialize: (headers = {}) => request({
      port, agent, method: 'POST', path: '/initialize',
      headers: { 'x-fc-control-path': '/initialize', ...headers },
    }),
    http: (method, p, { headers = {}, body } = {}) => request({
      port, agent, method, path: p, body, headers: { 'x-fc-control-path': '/http-invoke', ...headers },
    }),
    waitForOutput: (pattern, timeoutMs = 5000) => waitUntil(
      () => (typeof pattern === 'string' ? (stdout + stderr).includes(pattern) : pattern.test(stdout + stderr)),
      { timeoutMs, what: `output ${pattern}` }),
    async stop() {
      agent.destroy();
      if (exitInfo === null) {
        child.kill('SIGKILL');
        await exited;
      }
      if (!opts.codeDir) fs.rmSync(codeDir, { recursive: true, force: true });
    },
  };

  if (opts.expectExit) {
    await exited;
    return rt;
  }
  try {
    await waitUntil(async () => {
      if (exitInfo) throw new Error(`runtime exited early (${JSON.stringify(exitInfo)}):\n${stdout}${stderr}`);
      return canConnect(port);
    }, { timeoutMs: START_TIMEOUT_MS, what: `runtime on port ${port}` });
  } catch (err) {
    await rt.stop();
    err.message += `\n--- runtime output ---\n${stdout}${stderr}`;
    throw err;
  }
  return rt;
}

function requestTo({ port, agent, method = 'GET', path: p = '/', headers = {}, body }) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: p, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        resolve({
          status: res.statusCode,
          headers: res.headers,
          body: buf,
          text: buf.toString('utf8'),
          json() { return JSON.parse(buf.toString('utf8')); },
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : body);
  });
}

module.exports = { startRuntime, fixtureCodeDir, freePort, waitUntil, request: requestTo, BOOTSTRAP, LAUNCHER, KEY_HEADER };

// --- the harness's own tests (run when the test runner executes this file) --------------------------
if (require.main === module) {
  const { test } = require('node:test');

  test('freePort returns a port that can be bound on loopback', async () => {
    const port = await freePort();
    assert.ok(port > 0 && port < 65536);
    const srv = net.createServer();
    await new Promise((resolve, reject) => { srv.once('error', reject); srv.listen(port, '127.0.0.1', resolve); });
    await new Promise((resolve) => srv.close(resolve));
  });

  test('fixture code dirs drop the .txt suffix', () => {
    const dir = fixtureCodeDir('events');
    try {
      assert.ok(fs.existsSync(path.join(dir, 'index.js')));
      assert.ok(!fs.existsSync(path.join(dir, 'index.js.txt')));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('startRuntime fails fast with the runtime output when the runtime exits early', async () => {
    const dir = fixtureCodeDir('events');
    try {
      await assert.rejects(
        startRuntime({ codeDir: dir, env: { FC_SERVER_PORT: 'not-a-port' } }),
        /runtime exited early[\s\S]*FC_SERVER_PORT must be a port number/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
