'use strict';
// The shape of FC 2's Node.js HTTP-function templates (start-fc http-function/fc-http-node.js*): no package.json, no
// node_modules; raw-body and body come from FC's built-in modules.
const getRawBody = require('raw-body');
const getFormBody = require('body/form');
const co = require('co');

exports.handler = (req, resp, context) => {
  const params = {
    path: req.path,
    queries: req.queries,
    method: req.method,
    requestURI: req.url,
    clientIP: req.clientIP,
    formBodyParser: typeof getFormBody,
    co: typeof co.wrap,
  };
  getRawBody(req, (err, body) => {
    for (const key in req.queries) {
      resp.setHeader(key, req.queries[key]);
    }
    resp.setHeader('Content-Type', 'application/json');
    params.body = err ? `error: ${err.message}` : body.toString();
    resp.send(JSON.stringify(params, null, '    '));
  });
};
