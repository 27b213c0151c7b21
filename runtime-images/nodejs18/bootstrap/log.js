'use strict';
// Logging for the nodejs18 runtime: FC nodejs18 line format, request attribution through
// AsyncLocalStorage, and the FC lifecycle markers.
//
//   2024-03-04 07:01:16.927 <requestId> [info] <util.format(args)>
//
// The requestId is that of the request whose asynchronous context the call runs in; outside any
// request it is left out. console.log is written as [info] (as on FC nodejs18).

const util = require('util');
const { AsyncLocalStorage } = require('async_hooks');

const als = new AsyncLocalStorage();

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 };

// ALIYUN_FC_LOG_LEVEL filters console.* and context.logger (as on FC); unset or unknown: everything.
function thresholdFromEnv(value) {
  const level = LEVELS[String(value || '').trim().toLowerCase()];
  return level === undefined ? 0 : level;
}

let threshold = thresholdFromEnv(process.env.ALIYUN_FC_LOG_LEVEL);

// The console functions as they were before patching: the runtime's own diagnostics use these streams.
const original = {
  log: console.log,
  info: console.info,
  warn: console.warn,
  error: console.error,
  debug: console.debug,
};

function timestamp(date) {
  // UTC, "YYYY-MM-DD HH:mm:ss.SSS"
  const iso = date.toISOString();
  return iso.slice(0, 10) + ' ' + iso.slice(11, 23);
}

function formatLine(level, requestId, args) {
  const prefix = timestamp(new Date()) + (requestId ? ' ' + requestId : '') + ' [' + level + '] ';
  return prefix + util.format(...args) + '\n';
}

function streamFor(level) {
  return level === 'warn' || level === 'error' ? process.stderr : process.stdout;
}

function write(level, requestId, args) {
  if (LEVELS[level] < threshold) return;
  streamFor(level).write(formatLine(level, requestId, args));
}

function currentRequestId() {
  const store = als.getStore();
  return store ? store.requestId : undefined;
}

function patchConsole() {
  console.log = (...args) => write('info', currentRequestId(), args);
  console.info = (...args) => write('info', currentRequestId(), args);
  console.warn = (...args) => write('warn', currentRequestId(), args);
  console.error = (...args) => write('error', currentRequestId(), args);
  console.debug = (...args) => write('debug', currentRequestId(), args);
}

// context.logger: bound to one request id, so it is attributed correctly even where the
// asynchronous context was lost (e.g. callbacks from native add-ons or connection pools).
function createLogger(requestId) {
  return {
    debug: (...args) => write('debug', requestId, args),
    info: (...args) => write('info', requestId, args),
    log: (...args) => write('info', requestId, args),
    warn: (...args) => write('warn', requestId, args),
    error: (...args) => write('error', requestId, args),
  };
}

// FC markers are written verbatim (no timestamp), like FC does.
function marker(text) {
  process.stdout.write(text + '\n');
}

// A call's Start marker is held back until the first thing written after it (by anyone, through the runtime's
// console or process.stdout/stderr), the call's End marker, or HOLD_MS, whichever comes first; it is then written
// before that, so the order of what a reader sees does not change. A call that writes nothing then costs one
// write for both markers instead of two: the engine and the platform pay for every write an instance makes (about
// 0.1 ms of CPU each; bench/RESULTS.md), more than a trivial function costs itself.
const HOLD_MS = 50;
const rawStdout = process.stdout.write.bind(process.stdout);
const rawStderr = process.stderr.write.bind(process.stderr);
let held = '';
let holdTimer = null;

function flushHeld() {
  if (holdTimer !== null) {
    clearTimeout(holdTimer);
    holdTimer = null;
  }
  if (held !== '') {
    const text = held;
    held = '';
    rawStdout(text);
  }
}

process.stdout.write = function write(...args) {
  flushHeld();
  return rawStdout(...args);
};
process.stderr.write = function write(...args) {
  flushHeld();
  return rawStderr(...args);
};

function startMarker(text) {
  held += text + '\n';
  if (holdTimer === null) {
    holdTimer = setTimeout(flushHeld, HOLD_MS);
    holdTimer.unref();
  }
}

function endMarker(text) {
  const text2 = held + text + '\n';
  held = '';
  if (holdTimer !== null) {
    clearTimeout(holdTimer);
    holdTimer = null;
  }
  rawStdout(text2);
}

// The runtime's own messages (not attributed to user code), e.g. the listening line.
function runtimeInfo(...args) {
  process.stdout.write(formatLine('info', currentRequestId(), args));
}

function runtimeError(...args) {
  process.stderr.write(formatLine('error', currentRequestId(), args));
}

module.exports = {
  als,
  patchConsole,
  createLogger,
  marker,
  startMarker,
  endMarker,
  runtimeInfo,
  runtimeError,
  timestamp,
  original,
  setThreshold: (value) => { threshold = thresholdFromEnv(value); },
};
