'use strict';
// Functions for ExportKnativeIT, written as for FC: they run under `faas up` and, exported, on their own
// (runtime-images/PROTOCOL.md §9). Gates are files under $GATE_DIR that the test creates.
const fs = require('fs');
const path = require('path');

let initialized = false;

function gate(name) {
  return path.join(process.env.GATE_DIR || '/gate', name);
}

// Waits (bounded: 60 s) until the gate file exists.
function whenOpen(name, callback) {
  const deadline = Date.now() + 60000;
  const poll = () => {
    if (fs.existsSync(gate(name)) || Date.now() > deadline) return callback();
    setTimeout(poll, 10);
  };
  poll();
}

exports.gatedInit = (context, callback) => {
  console.log('initializer started');
  whenOpen('init', () => { initialized = true; console.log('initializer done'); callback(null); });
};

exports.init = (context, callback) => { initialized = true; callback(null); };

exports.initFails = (context, callback) => callback(new Error('the database is unreachable'));

exports.initNever = (context, callback) => { console.log('initializer started, never to finish'); };

exports.echo = (event, context, callback) => {
  callback(null, { initialized, event: event.toString(), function: context.function.name });
};

exports.fails = (event, context, callback) => callback(new Error(`cannot handle ${event}`));

exports.web = (req, resp, context) => {
  resp.setStatusCode(req.method === 'POST' ? 201 : 200);
  resp.setHeader('content-type', 'application/json');
  resp.send(JSON.stringify({ initialized, method: req.method, queries: req.queries, body: req.body.toString() }));
};

// Holds every call until LATCH_SIZE calls are inside at once (bounded: fails after 20 s).
const size = Number(process.env.LATCH_SIZE || 4);
let arrived = 0;
let open;
const latch = new Promise((resolve) => { open = resolve; });
exports.latch = async (event, context) => {
  arrived += 1;
  if (arrived === size) open();
  const timer = new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${arrived} of ${size} arrived`)), 20000));
  await Promise.race([latch, timer]);
  return `all ${size} at once`;
};

exports.slow = (event, context, callback) => {
  console.log(`slow started ${context.requestId}`);
  whenOpen('slow', () => callback(null, 'slow done'));
};

exports.preStop = (context, callback) => { console.log('preStop ran'); callback(null); };
