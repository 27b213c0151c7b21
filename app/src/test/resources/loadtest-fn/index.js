'use strict';
// Functions for LoadtestIT and TuneIT (nodejs18, written as for Function Compute). Each counts what it receives in
// its own output, which the platform captures: one "loadtest-init" line per initializer run, one "loadtest-hit ok" or
// "loadtest-hit fail" line per invocation.

let hits = 0;

exports.init = (context, callback) => {
  console.log('loadtest-init');
  callback(null, '');
};

// Counts; every 7th invocation on an instance is a function error (x-fc-error-type).
exports.count = (event, context, callback) => {
  hits++;
  if (hits % 7 === 0) {
    console.log('loadtest-hit fail');
    callback(new Error('every 7th fails on purpose'));
    return;
  }
  console.log('loadtest-hit ok');
  callback(null, String(hits));
};

// Answers at once, except the STALL_AT-th invocation on an instance, which takes STALL_MS.
exports.stall = (event, context, callback) => {
  hits++;
  const ms = hits === Number(process.env.STALL_AT) ? Number(process.env.STALL_MS) : 0;
  setTimeout(() => callback(null, String(hits)), ms);
};

// CPU-bound: spins WORK_MS milliseconds.
exports.cpu = (event, context, callback) => {
  const end = Date.now() + Number(process.env.WORK_MS);
  let x = 0;
  while (Date.now() < end) {
    x += Math.sqrt(x + 1);
  }
  callback(null, String(x > 0));
};

// I/O-bound: waits WORK_MS milliseconds.
exports.io = (event, context, callback) => {
  setTimeout(() => callback(null, 'ok'), Number(process.env.WORK_MS));
};
