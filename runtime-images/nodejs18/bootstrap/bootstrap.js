'use strict';
// localfaas nodejs18 runtime: runs Alibaba Cloud Function Compute Node.js functions unmodified.
// Serves the instance protocol (runtime-images/PROTOCOL.md) over HTTP/1.1 on
// $FC_SERVER_HOST:$FC_SERVER_PORT; with FC_STANDALONE=http|event it runs on its own instead, as a Knative
// container does (PROTOCOL.md §9). Node built-ins only; works on Node 18 and 20.

const http = require('http');
const crypto = require('crypto');
const fs = require('fs');
const log = require('./log');
const { Loader, parseHandler } = require('./loader');
const { buildContext } = require('./context');
const { runUser, failCurrent } = require('./invoke');
const { HANDLED, UNHANDLED, errorBody } = require('./errors');
const { createRequest, createResponse, toBuffer } = require('./http-adapter');

// Runtime-internal variables: read once, then removed from process.env (user code does not see them,
// as on FC). Everything else, including FC_FUNCTION_NAME, FC_INSTANCE_ID, ..., stays visible.
const INTERNAL_ENV = ['FC_SERVER_PORT', 'FC_SERVER_HOST', 'FC_SERVER_PATH', 'FC_SERVER_LOG_PATH', 'FC_STANDALONE',
  'LOCALFAAS_INSTANCE_KEY_FD', 'LOCALFAAS_STEM_CELL', 'LOCALFAAS_INSTANCE_KEY'];
// The instance key (PROTOCOL.md §1a): every call must carry it, or it is refused with 403 before user code runs.
const KEY_HEADER = 'x-localfaas-instance-key';
const SHUTDOWN_GRACE_MS = 5000;
const KEEP_ALIVE_MS = 15 * 60 * 1000;
const STANDALONE_MODES = ['http', 'event'];

function readConfig(env) {
  // Standalone (PROTOCOL.md §9): listen on $PORT (Knative's contract, default 8080) on every address.
  const standalone = env.FC_STANDALONE || '';
  const port = parseInt(standalone ? (env.PORT || '8080') : env.FC_SERVER_PORT, 10);
  return {
    standalone,
    host: env.FC_SERVER_HOST || (standalone ? '0.0.0.0' : '127.0.0.1'),
    port,
    timeoutMs: (parseInt(env.FC_TIMEOUT, 10) || 3) * 1000,
    initializationTimeoutMs: (parseInt(env.FC_INITIALIZATION_TIMEOUT, 10) || 3) * 1000,
    codeDir: env.FC_FUNC_CODE_PATH || '/code/',
    handler: env.FC_FUNCTION_HANDLER || env.FC_HANDLER || 'index.handler',
    initializer: env.FC_INITIALIZER || env.FC_INITIALIZER_HANDLER || '',
    preStop: env.FC_PRE_STOP_HANDLER || '',
    preFreeze: env.FC_PRE_FREEZE_HANDLER || '',
  };
}

// The key comes on the pipe the launcher opened (fd $LOCALFAAS_INSTANCE_KEY_FD), read and closed here, before any
// user code loads; nothing else is read, so that a descriptor Node itself opened is never touched.
function readInstanceKey(fdVar) {
  const fd = /^[0-9]+$/.test(fdVar || '') ? parseInt(fdVar, 10) : -1;
  if (fd < 3) return '';
  try {
    return fs.readFileSync(fd, 'utf8').trim();
  } catch (err) {
    return '';
  } finally {
    try { fs.closeSync(fd); } catch (_) { /* not open */ }
  }
}

// A stem cell (PROTOCOL.md §10) starts with no function: env, config and the loader are replaced once, by /specialise.
let env = Object.freeze({ ...process.env });
let config = readConfig(env);
let instanceKey = Buffer.from(readInstanceKey(env.LOCALFAAS_INSTANCE_KEY_FD), 'utf8');
const stemCell = env.LOCALFAAS_STEM_CELL === '1' && !env.FC_STANDALONE;
let specialised = false;
for (const name of INTERNAL_ENV) delete process.env[name];

// Constant-time: the key's length is not secret, its bytes are.
function keyMatches(value) {
  if (typeof value !== 'string') return false;
  const given = Buffer.from(value, 'utf8');
  return given.length === instanceKey.length && crypto.timingSafeEqual(given, instanceKey);
}

let loader = new Loader(config.codeDir);
let inFlight = 0;
let shuttingDown = false;
const init = { done: false, pending: null };

// ---------------------------------------------------------------------------------------------
// Responses

function reply(res, status, headers, body) {
  if (res.headersSent || res.destroyed) return;
  res.statusCode = status;
  for (const [name, value] of headers) res.setHeader(name, value);
  res.setHeader('content-length', body.length);
  res.end(body);
}

// A function error is a 500 to the platform, which maps it for its caller (PROTOCOL.md §4). Standalone, the
// runtime answers the caller itself as the platform would: 502 on an HTTP function (an HTTP trigger's
// answer), 200 on an event function (the invoke API's answer); the x-fc-error-type header says it failed.
const ERROR_STATUS = { '': 500, http: 502, event: 200 };

function replyError(res, kind, error) {
  const body = Buffer.from(JSON.stringify(errorBody(error, kind)), 'utf8');
  reply(res, ERROR_STATUS[config.standalone], [['x-fc-error-type', kind], ['content-type', 'application/json']], body);
}

function logError(kind, error) {
  log.runtimeError(JSON.stringify(errorBody(error, kind)));
}

function endMarker(name, requestId, outcome) {
  const suffix = outcome.ok ? ''
    : outcome.kind === HANDLED ? ', Error: Handled function error' : ', Error: Unhandled function error';
  log.endMarker(`FC ${name} End RequestId: ${requestId}${suffix}`);
}

// Runs body(store) in a store of its own, between Start/End markers; resolves to the outcome
// (a throw from body, e.g. a load error, is an unhandled error).
async function withRequest(name, requestId, body) {
  const store = { requestId };
  log.startMarker(`FC ${name} Start RequestId: ${requestId}`);
  let outcome;
  try {
    outcome = await log.als.run(store, () => body(store));
  } catch (err) {
    outcome = { ok: false, kind: UNHANDLED, error: err };
  }
  if (!outcome.ok) log.als.run(store, () => logError(outcome.kind, outcome.error));
  endMarker(name, requestId, outcome);
  return outcome;
}

// ---------------------------------------------------------------------------------------------
// Calls

async function handleInvoke(req, res, requestId, body) {
  const outcome = await withRequest('Invoke', requestId, async (store) => {
    const fn = await loader.resolve(config.handler);
    const context = buildContext(requestId, req.headers, env);
    const result = await runUser(store, fn, [body, context]);
    // Convert here, so that a result that cannot be serialised (circular) is this call's error.
    return result.ok ? { ok: true, value: toBuffer(result.value) } : result;
  });
  if (!outcome.ok) return replyError(res, outcome.kind, outcome.error);
  reply(res, 200, [['content-type', 'application/octet-stream']], outcome.value);
}

async function handleHttpInvoke(req, res, requestId, body) {
  const outcome = await withRequest('Invoke', requestId, async (store) => {
    const fn = await loader.resolve(config.handler);
    const context = buildContext(requestId, req.headers, env);
    const request = createRequest(req, body);
    const response = createResponse(
      (result) => store.settle({ ok: true, value: result }),
      (err) => store.settle({ ok: false, kind: UNHANDLED, error: err }),
    );
    return runUser(store, fn, [request, response, context], { settleOnReturn: false, withCallback: false });
  });
  if (!outcome.ok) return replyError(res, outcome.kind, outcome.error);
  const { status, headers, body: out } = outcome.value;
  reply(res, status, headers, out);
}

async function handleInitialize(req, res, requestId) {
  if (!config.initializer || init.done) return reply(res, 200, [], Buffer.alloc(0));
  if (!init.pending) {
    init.pending = runHook('Initialize', config.initializer, req, requestId).then((outcome) => {
      init.pending = null;
      if (outcome.ok) init.done = true;
      return outcome;
    });
  }
  const outcome = await init.pending;
  if (!outcome.ok) return replyError(res, outcome.kind, outcome.error);
  reply(res, 200, [], Buffer.alloc(0));
}

async function handleHook(name, handler, req, res, requestId) {
  if (!handler) return reply(res, 200, [], Buffer.alloc(0));
  const outcome = await runHook(name, handler, req, requestId);
  if (!outcome.ok) return replyError(res, outcome.kind, outcome.error);
  reply(res, 200, [], Buffer.alloc(0));
}

function runHook(name, handler, req, requestId) {
  return withRequest(name, requestId, async (store) => {
    const fn = await loader.resolve(handler);
    const context = buildContext(requestId, req.headers, env);
    return runUser(store, fn, [context]);
  });
}

// ---------------------------------------------------------------------------------------------
// Stem cell (PROTOCOL.md §10)

// The body of /specialise: {"environment": {"NAME": "value", ...}} (the function's whole environment as a start would
// give it, LOCALFAAS_INSTANCE_KEY included: the key every later call must carry). Throws a message for a bad body.
function parseSpecialisation(body) {
  let parsed;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new Error(`the body is not JSON: ${err.message}`);
  }
  const environment = parsed && parsed.environment;
  if (!environment || typeof environment !== 'object' || Array.isArray(environment)) {
    throw new Error('the body must be {"environment": {"NAME": "value", ...}}');
  }
  for (const [name, value] of Object.entries(environment)) {
    if (typeof value !== 'string') throw new Error(`environment.${name} must be a string`);
  }
  const key = environment.LOCALFAAS_INSTANCE_KEY || '';
  if (!/^[\x21-\x7e]{16,}$/.test(key)) throw new Error('environment.LOCALFAAS_INSTANCE_KEY must be the new instance key');
  return { environment, key };
}

// Becomes the function: its environment (process.env), handler, initializer and code folder; the new key replaces the
// stem cell's. The function's code is loaded on first use, as at an ordinary start (§4).
function specialise(environment, key) {
  for (const [name, value] of Object.entries(environment)) {
    if (!INTERNAL_ENV.includes(name)) process.env[name] = value;
  }
  const kept = { port: config.port, host: config.host };
  env = Object.freeze({ ...process.env });
  config = { ...readConfig(env), ...kept };
  instanceKey = Buffer.from(key, 'utf8');
  loader = new Loader(config.codeDir);
  specialised = true;
  enterCodeDir();
  log.runtimeInfo(`specialised: handler ${config.handler}, initializer ${config.initializer || '-'}, code ${config.codeDir},`
    + ` concurrency ${env.FC_INSTANCE_CONCURRENCY || 1}`);
}

function handleSpecialise(res, body) {
  if (!stemCell || specialised) {
    return reply(res, 409, [['content-type', 'application/json']], Buffer.from(JSON.stringify({
      errorMessage: stemCell ? 'this stem cell is specialised already' : 'this instance is not a stem cell',
      errorType: 'Conflict' })));
  }
  let parsed;
  try {
    parsed = parseSpecialisation(body);
  } catch (err) {
    return reply(res, 400, [['content-type', 'application/json']], Buffer.from(JSON.stringify({
      errorMessage: `specialise: ${err.message}`, errorType: 'BadRequest' })));
  }
  specialise(parsed.environment, parsed.key);
  reply(res, 200, [], Buffer.alloc(0));
}

function notSpecialised(res) {
  reply(res, 409, [['content-type', 'application/json']], Buffer.from(JSON.stringify({
    errorMessage: 'this stem cell has no function yet: POST /specialise first', errorType: 'Conflict' })));
}

// ---------------------------------------------------------------------------------------------
// Server

const CONTROL_PATHS = new Set(['/invoke', '/initialize', '/pre-stop', '/pre-freeze', '/http-invoke']);

// Standalone there is no platform: callers reach the function only, never the control calls. An HTTP function gets
// every request; an event function gets POST / or POST on the invoke API's path, with the event as the body.
const INVOKE_API_PATH = /^\/2016-08-15\/services\/[^/]+\/functions\/[^/]+\/invocations\/?$/;

function standaloneControlPath(req) {
  if (config.standalone === 'http') return '/http-invoke';
  const q = req.url.indexOf('?');
  const pathname = q >= 0 ? req.url.slice(0, q) : req.url;
  if (pathname !== '/' && !INVOKE_API_PATH.test(pathname)) return `not found: ${pathname}`;
  return req.method === 'POST' ? '/invoke' : `method not allowed: ${req.method}`;
}

function controlPath(req) {
  if (config.standalone) return standaloneControlPath(req);
  const header = req.headers['x-fc-control-path'];
  if (header) return header;
  const q = req.url.indexOf('?');
  const pathname = q >= 0 ? req.url.slice(0, q) : req.url;
  return CONTROL_PATHS.has(pathname) && pathname !== '/http-invoke' ? pathname : '/http-invoke';
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function onRequest(req, res) {
  inFlight++;
  res.on('close', () => {
    inFlight--;
    if (shuttingDown && inFlight === 0) drained();
  });
  if (!config.standalone) {
    const ok = keyMatches(req.headers[KEY_HEADER]);
    delete req.headers[KEY_HEADER];
    if (!ok) {
      req.resume();
      return reply(res, 403, [['content-type', 'application/json'], ['connection', 'close']], Buffer.from(JSON.stringify({
        errorMessage: 'this instance answers only the platform that started it (missing or wrong instance key)',
        errorType: 'Forbidden' })));
    }
  }
  const requestId = req.headers['x-fc-request-id'] || crypto.randomUUID();
  if (config.standalone) res.setHeader('x-fc-request-id', requestId);
  try {
    const control = controlPath(req);
    if (stemCell && control === '/specialise') return handleSpecialise(res, await readBody(req));
    if (stemCell && !specialised) {
      req.resume();
      return notSpecialised(res);
    }
    if (!CONTROL_PATHS.has(control)) {
      const status = !config.standalone ? 400 : control.startsWith('not found') ? 404 : 405;
      const body = Buffer.from(JSON.stringify(config.standalone
        ? { errorMessage: `${control} (an event function takes POST / with the event as the body)`,
          errorType: status === 404 ? 'NotFound' : 'MethodNotAllowed' }
        : { errorMessage: `unknown x-fc-control-path: ${control}`, errorType: 'BadRequest' }));
      return reply(res, status, [['content-type', 'application/json']], body);
    }
    const body = await readBody(req);
    switch (control) {
      case '/invoke': return await handleInvoke(req, res, requestId, body);
      case '/initialize': return await handleInitialize(req, res, requestId);
      case '/pre-stop': return await handleHook('PreStop', config.preStop, req, res, requestId);
      case '/pre-freeze': return await handleHook('PreFreeze', config.preFreeze, req, res, requestId);
      default: return await handleHttpInvoke(req, res, requestId, body);
    }
  } catch (err) {
    // A bug of the runtime, or the platform hung up while the body was read.
    log.runtimeError('runtime error while serving request', requestId, err && err.stack ? err.stack : err);
    if (!res.headersSent && !res.destroyed) replyError(res, UNHANDLED, err);
  }
}

function exit(code) {
  process.exit(code);
}

// Standalone, a SIGTERM is the only notice of retirement: the calls in flight may run for the function's
// timeout, then the pre-stop hook runs (the platform's /pre-stop has no caller there).
let drainedOnce = false;
async function drained() {
  if (drainedOnce) return;
  drainedOnce = true;
  if (!config.standalone || !config.preStop) return exit(0);
  const outcome = await runHook('PreStop', config.preStop, { headers: {} }, crypto.randomUUID());
  exit(outcome.ok ? 0 : 1);
}

function shutdown(signal) {
  if (shuttingDown) return;
  shuttingDown = true;
  log.runtimeInfo(`received ${signal}, closing (${inFlight} request(s) in flight)`);
  server.close();
  if (typeof server.closeIdleConnections === 'function') server.closeIdleConnections();
  if (inFlight === 0) return drained();
  const graceMs = config.standalone ? config.timeoutMs + SHUTDOWN_GRACE_MS : SHUTDOWN_GRACE_MS;
  setTimeout(() => {
    log.runtimeError(`shutdown: ${inFlight} request(s) still in flight after ${graceMs} ms, exiting`);
    exit(1);
  }, graceMs).unref();
}

// Standalone: the initializer runs before the port opens, so a readiness probe (Knative's TCP probe) passes only
// once it succeeded; a failure or a run past FC_INITIALIZATION_TIMEOUT exits 1 with the error in the log, and the
// orchestrator restarts the container.
async function initializeBeforeListening() {
  if (!config.initializer) return;
  let timer;
  const timedOut = new Promise((resolve) => {
    timer = setTimeout(() => resolve({ timedOut: true }), config.initializationTimeoutMs);
  });
  const outcome = await Promise.race([
    runHook('Initialize', config.initializer, { headers: {} }, crypto.randomUUID()), timedOut]);
  clearTimeout(timer);
  if (outcome.timedOut) {
    log.runtimeError(`initializer ${config.initializer} did not finish within ${config.initializationTimeoutMs} ms`
      + ' (FC_INITIALIZATION_TIMEOUT): exiting');
    exit(1);
  } else if (!outcome.ok) {
    log.runtimeError(`initializer ${config.initializer} failed: exiting`);
    exit(1);
  } else {
    init.done = true;
  }
}

process.on('uncaughtException', (err) => {
  if (failCurrent(err)) return;
  log.runtimeError('uncaught exception (no pending request to attribute it to):', err && err.stack ? err.stack : err);
});

process.on('unhandledRejection', (reason) => {
  if (failCurrent(reason)) return;
  log.runtimeError('unhandled promise rejection (no pending request to attribute it to):',
    reason && reason.stack ? reason.stack : reason);
});

process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));

log.patchConsole();

if (config.standalone && !STANDALONE_MODES.includes(config.standalone)) {
  log.runtimeError(`FC_STANDALONE must be one of ${STANDALONE_MODES.join(', ')}, got: ${config.standalone}`);
  process.exit(2);
}
if (!config.standalone && instanceKey.length === 0) {
  log.runtimeError('no instance key: start the runtime through launcher.sh with LOCALFAAS_INSTANCE_KEY set '
    + '(PROTOCOL.md §1a); without one every call would be refused');
  process.exit(2);
}
if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) {
  log.runtimeError(`${config.standalone ? 'PORT' : 'FC_SERVER_PORT'} must be a port number, got: `
    + `${config.standalone ? env.PORT : env.FC_SERVER_PORT}`);
  process.exit(2);
}

// Into the code folder; handler names validated early (only logged: the error is reported on the request that needs it).
function enterCodeDir() {
  try {
    process.chdir(config.codeDir);
  } catch (err) {
    log.runtimeError(`cannot chdir to code dir ${config.codeDir}: ${err.message}`);
  }
  for (const h of [config.handler, config.initializer, config.preStop, config.preFreeze]) {
    if (!h) continue;
    try { parseHandler(h); } catch (err) { log.runtimeError(err.message); }
  }
}

if (!stemCell) enterCodeDir();

const server = http.createServer({ maxHeaderSize: 64 * 1024 }, onRequest);
server.keepAliveTimeout = KEEP_ALIVE_MS;
server.headersTimeout = KEEP_ALIVE_MS + 1000;
server.requestTimeout = 0; // the platform enforces function timeouts
server.timeout = 0;
server.on('error', (err) => {
  log.runtimeError(`server error: ${err.message}`);
  process.exit(1);
});
function listen() {
  server.listen(config.port, config.host, () => {
    const addr = server.address();
    // One plain line, easy for the platform (or a human) to look for.
    log.marker(`localfaas runtime nodejs18 listening on ${config.host}:${addr.port}`
      + `${config.standalone ? ` (standalone, ${config.standalone} function)` : ''}`);
    log.runtimeInfo(stemCell ? `stem cell, node ${process.version}: waiting for /specialise`
      : `handler ${config.handler}, initializer ${config.initializer || '-'},`
      + ` code ${config.codeDir}, node ${process.version}, concurrency ${env.FC_INSTANCE_CONCURRENCY || 1}`);
  });
}

if (config.standalone) {
  initializeBeforeListening().then(() => { if (!shuttingDown) listen(); });
} else {
  listen();
}
