'use strict';
// A hello function written exactly as for Alibaba Cloud Function Compute (nodejs18).
// Module-level counters let a test prove how the platform drives an instance:
//   initCount                    - how often the initializer ran in this instance (must be 1)
//   invokeCount                  - invocations served by this instance so far
//   initializedBeforeFirstInvoke - whether the initializer had finished when the first invocation came
//
// Handlers: index.handler (HTTP trigger), index.event (event invocation), index.initializer,
//           index.preStop.

let initCount = 0;
let initializedAt = null;
let invokeCount = 0;
let initializedBeforeFirstInvoke = null;

function counters() {
  invokeCount += 1;
  if (initializedBeforeFirstInvoke === null) {
    initializedBeforeFirstInvoke = initCount > 0;
  }
  return {
    message: 'hello from localfaas',
    initCount,
    invokeCount,
    initializedBeforeFirstInvoke,
    initializedAt,
    instanceId: process.env.FC_INSTANCE_ID,
  };
}

exports.initializer = (context, callback) => {
  initCount += 1;
  initializedAt = new Date().toISOString();
  console.log(`initializer ran (initCount=${initCount}) for ${context.function.name}`);
  callback(null, '');
};

// HTTP trigger: (request, response, context)
exports.handler = (req, resp, context) => {
  const body = Object.assign(counters(), {
    requestId: context.requestId,
    path: req.path,
    method: req.method,
    queries: req.queries,
  });
  console.log(`${req.method} ${req.path} -> invokeCount=${invokeCount}`);
  resp.setStatusCode(200);
  resp.setHeader('content-type', 'application/json');
  resp.send(JSON.stringify(body));
};

// Event invocation: (event, context, callback); event is a Buffer
exports.event = (event, context, callback) => {
  const body = Object.assign(counters(), {
    requestId: context.requestId,
    event: event.toString(),
  });
  callback(null, body);
};

exports.preStop = (context, callback) => {
  console.log(`preStop after ${invokeCount} invocation(s)`);
  callback(null, '');
};
