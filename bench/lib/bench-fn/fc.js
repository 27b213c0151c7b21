'use strict';
// Function Compute (nodejs18) adapters of logic.js: an HTTP handler and an event handler.
const { answer } = require('./logic');

exports.http = (req, resp, context) => {
  resp.setStatusCode(200);
  resp.setHeader('content-type', 'application/json');
  resp.send(JSON.stringify(answer(req.path, req.queries || {})));
};

exports.event = (event, context, callback) => {
  callback(null, JSON.stringify(answer('/', {})));
};

// HTTP: answers after ?ms= milliseconds (default 100), for step loads.
exports.sleep = (req, resp, context) => {
  const ms = Math.min(10000, Number((req.queries || {}).ms || 100));
  setTimeout(() => {
    resp.setStatusCode(200);
    resp.send(JSON.stringify(answer(req.path, req.queries || {})));
  }, ms);
};
