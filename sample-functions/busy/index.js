'use strict';
// A CPU- and memory-hungry function for the scaling tests, written with FC's nodejs18 signatures.
//
// HTTP handler (index.handler), query parameters:
//   ?spin=MS    keep the CPU busy for MS milliseconds before answering (a CPU-bound function)
//   ?hold=MB    allocate MB megabytes once more and keep them (a memory-hungry function)
//   ?free=1     drop what ?hold kept
//   ?heap=MB    fill the JavaScript heap with MB megabytes of objects (outgrows a heap capped below it: "heap out of memory")
//   ?latch=PORT first wait for a GET to <test host>:PORT to be answered (testHost below) (a test's latch: it knows the requests run at once)
// The answer is JSON: instanceId, heldMb.

const http = require('http');
const held = [];

exports.handler = (req, resp, context) => {
  const q = req.queries || {};
  const latch = parseInt(q.latch || '0', 10);
  if (latch > 0) {
    const go = () => run(q, resp);
    http.get({ host: testHost(), port: latch, path: '/' }, (r) => { r.resume(); r.on('end', go); }).on('error', go);
    return;
  }
  run(q, resp);
};

function run(q, resp) {
  const spin = Math.min(parseInt(q.spin || '0', 10) || 0, 60000);
  const until = Date.now() + spin;
  let x = 0;
  while (Date.now() < until) {
    x += Math.sqrt(x + 1); // busy, on purpose
  }
  if (q.free) {
    held.length = 0;
  }
  const heap = Math.min(parseInt(q.heap || '0', 10) || 0, 4096);
  for (let i = 0; i < heap; i += 1) {
    held.push(new Array(128 * 1024).fill(i + 0.5)); // 128 Ki doubles: 1 MB of V8 heap each
  }
  const hold = Math.min(parseInt(q.hold || '0', 10) || 0, 4096);
  for (let i = 0; i < hold; i += 1) {
    held.push(Buffer.alloc(1024 * 1024, 1)); // touched pages: count in the working set
  }
  resp.setStatusCode(200);
  resp.setHeader('content-type', 'application/json');
  resp.send(JSON.stringify({ instanceId: process.env.FC_INSTANCE_ID, heldMb: held.length }));
}

// The machine the test runs on, as this instance reaches it: the host of the gateway's URL (in a network namespace of
// its own that is the host's address on the instances' network), else loopback.
function testHost() {
  const gateway = process.env.LOCALFAAS_GATEWAY_URL;
  return gateway ? new URL(gateway).hostname : '127.0.0.1';
}
