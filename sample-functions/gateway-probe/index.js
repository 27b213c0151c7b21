'use strict';
// Probe functions for the gateway's tests and benchmark, written exactly as for Alibaba Cloud Function Compute
// (nodejs18). Event handlers: index.echo, index.fail, index.flaky, index.sleep. HTTP handler: index.http.

// Event: answers the event as it came, and logs one line (seen in X-Fc-Log-Result).
exports.echo = (event, context, callback) => {
  console.log(`echo ${event.length} byte(s)`);
  callback(null, event);
};

// Event: always a handled function error.
exports.fail = (event, context, callback) => {
  console.error('failing on purpose');
  callback(new Error('probe failure'));
};

// Event: fails until it is retried twice (context.retryCount comes from x-fc-retry-count), then succeeds.
exports.flaky = (event, context, callback) => {
  if (context.retryCount < 2) {
    callback(new Error(`flaky failure at retry ${context.retryCount}`));
    return;
  }
  callback(null, { succeededAtRetry: context.retryCount });
};

// Event: sleeps {"ms": N} milliseconds, then answers.
exports.sleep = (event, context, callback) => {
  const ms = JSON.parse(event.toString() || '{}').ms || 0;
  setTimeout(() => callback(null, { slept: ms }), ms);
};

// HTTP: describes the request it got.
exports.http = (req, resp, context) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    resp.setStatusCode(200);
    resp.setHeader('content-type', 'application/json');
    resp.send(JSON.stringify({
      method: req.method,
      path: req.path,
      queries: req.queries,
      headers: req.headers,
      bodyLength: Buffer.concat(chunks).length,
      requestId: context.requestId,
    }));
  });
};

// Initializer that always fails: no instance of a function using it ever serves.
exports.badInit = (context, callback) => {
  callback(new Error('initializer failed on purpose'));
};
