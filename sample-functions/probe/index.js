'use strict';
// A probe function for the scheduler's integration tests, written with FC's nodejs18 signatures.
//
// HTTP handler (index.handler), query parameters:
//   ?sleep=MS     answer after MS milliseconds (so that concurrent requests overlap)
//   ?crash=1      the process exits mid-request (process.exit(3))
//   ?oom=MB       allocate MB megabytes and keep them, so that a memory limit kills the instance
//   ?latch=PORT   answer only once GET http://<test host>:PORT/ has answered (a latch the test holds and releases; testHost below)
// The answer is JSON with module-level counters of this instance:
//   instanceId, inflight (including this request), maxInflight (the most requests this instance ever held at once),
//   invokeCount, initCount
//
// Initializer (index.initializer), by environment variable:
//   PROBE_INIT=fail   the initializer calls back with an error
//   PROBE_INIT=hang   the initializer never calls back
//   otherwise         it succeeds

let inflight = 0;
let maxInflight = 0;
let invokeCount = 0;
let initCount = 0;
const hoard = [];

exports.initializer = (context, callback) => {
  initCount += 1;
  const mode = process.env.PROBE_INIT || '';
  if (mode === 'fail') {
    callback(new Error('probe initializer failed on purpose (PROBE_INIT=fail)'));
    return;
  }
  if (mode === 'hang') {
    return; // never calls back: initializationTimeout must end it
  }
  callback(null, '');
};

exports.handler = (req, resp, context) => {
  inflight += 1;
  invokeCount += 1;
  if (inflight > maxInflight) {
    maxInflight = inflight;
  }
  const q = req.queries || {};
  console.log(`probe ${req.method} ${req.path} inflight=${inflight}`);
  if (q.crash) {
    process.exit(3);
  }
  if (q.oom) {
    const mb = parseInt(q.oom, 10);
    for (let i = 0; i < mb; i += 1) {
      const b = Buffer.alloc(1024 * 1024, 1); // touched pages: counts against the memory limit
      hoard.push(b);
    }
  }
  const sleep = parseInt(q.sleep || '0', 10);
  const latch = parseInt(q.latch || '0', 10);
  const wait = (then) => {
    if (!latch) {
      setTimeout(then, sleep);
      return;
    }
    require('http').get({ host: testHost(), port: latch, path: '/' }, (res) => {
      res.resume();
      res.on('end', then);
    }).on('error', then);
  };
  wait(() => {
    const body = {
      instanceId: process.env.FC_INSTANCE_ID,
      requestId: context.requestId,
      inflight,
      maxInflight,
      invokeCount,
      initCount,
    };
    inflight -= 1;
    resp.setStatusCode(200);
    resp.setHeader('content-type', 'application/json');
    resp.send(JSON.stringify(body));
  });
};

exports.preStop = (context, callback) => {
  console.log(`probe preStop after ${invokeCount} invocation(s)`);
  callback(null, '');
};

// The machine the test runs on, as this instance reaches it: the host of the gateway's URL (in a network namespace of
// its own that is the host's address on the instances' network), else loopback.
function testHost() {
  const gateway = process.env.LOCALFAAS_GATEWAY_URL;
  return gateway ? new URL(gateway).hostname : '127.0.0.1';
}
