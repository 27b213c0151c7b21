'use strict';
// Conformance fixture for the nodejs18 runtime: every handler the conformance suite
// (app/src/test/java/io/localfaas/it/RuntimeConformance.java) calls, written exactly as for FC.
// Handler names are the suite's roles: index.<role>.

let initialized = false;
let inflight = 0;
let maxInflight = 0;

// Event invocation: echoes the event (as base64) and whether the initializer ran.
exports.event = (event, context, callback) => {
  callback(null, {
    event: event.toString('base64'),
    requestId: context.requestId,
    initialized,
    functionName: context.function.name,
  });
};

// HTTP trigger: echoes method, path, query, one header and the body (base64), sets a header and a status.
exports.http = (req, resp, context) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    resp.setStatusCode(req.method === 'POST' ? 201 : 200);
    resp.setHeader('content-type', 'application/json');
    resp.setHeader('x-conformance', 'yes');
    resp.send(JSON.stringify({
      method: req.method,
      path: req.path,
      queries: req.queries,
      header: req.headers['x-conformance-in'] || null,
      body: Buffer.concat(chunks).toString('base64'),
      requestId: context.requestId,
    }));
  });
};

exports.initOk = (context, callback) => {
  initialized = true;
  callback(null, '');
};

exports.initFails = (context, callback) => {
  callback(new Error('initializer failed on purpose'));
};

// Never calls back: the platform's initializationTimeout must end it.
exports.initHangs = (context, callback) => {
  setTimeout(() => callback(null, ''), 120000);
};

exports.throws = (event, context, callback) => {
  throw new TypeError('thrown on purpose');
};

exports.exits = (event, context, callback) => {
  process.exit(3);
};

// Waits until FC_INSTANCE_CONCURRENCY calls are in flight in this instance (at most 20 s), then reports the most seen.
exports.concurrent = (event, context, callback) => {
  const want = parseInt(process.env.FC_INSTANCE_CONCURRENCY || '1', 10);
  inflight += 1;
  maxInflight = Math.max(maxInflight, inflight);
  const started = Date.now();
  const check = () => {
    if (maxInflight >= want || Date.now() - started > 20000) {
      callback(null, { maxInflight, instance: process.env.FC_INSTANCE_ID });
      inflight -= 1;
    } else {
      setTimeout(check, 5);
    }
  };
  check();
};

exports.logs = (event, context, callback) => {
  console.log('conformance console line ' + event.toString());
  console.error('conformance second line ' + event.toString());
  callback(null, 'logged');
};

exports.preStop = (context, callback) => {
  console.log('conformance pre-stop ran');
  callback(null, '');
};
