'use strict';
// A web function for FC's custom runtime, written as its users write one: an express app listening on 0.0.0.0:9000
// (customRuntimeConfig.port), started by customRuntimeConfig.command. FC's lifecycle hooks are plain routes:
// POST /initialize (when the function declares an initializer) and GET /pre-stop (when it declares a pre-stop hook).
const fs = require('fs');
const express = require('express');

const app = express();
let initialized = 0;
let inFlight = 0;
let mostInFlight = 0;

app.post('/initialize', (req, res) => {
  initialized += 1;
  res.end();
});

// The pre-stop hook leaves a mark in the writable mount, so that a test sees it ran.
app.get('/pre-stop', (req, res) => {
  fs.writeFileSync(`/mnt/state/pre-stop-express-${process.env.FC_INSTANCE_ID}`, req.headers['x-fc-request-id'] || '');
  res.end();
});

// ?hold=MS keeps a request in flight that long: requests at once on one instance show in mostInFlight.
app.get(/\/hold$/, (req, res) => {
  inFlight += 1;
  mostInFlight = Math.max(mostInFlight, inFlight);
  setTimeout(() => {
    inFlight -= 1;
    res.json({ instance: process.env.FC_INSTANCE_ID, mostInFlight });
  }, Math.min(parseInt(req.query.hold || '0', 10), 10000));
});

app.all('*', express.raw({ type: () => true, limit: '16mb' }), (req, res) => {
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  res.set('x-echo-method', req.method);
  res.status(req.method === 'POST' ? 201 : 200).json({
    runtime: 'express',
    method: req.method,
    url: req.originalUrl,
    query: req.query,
    custom: req.headers['x-custom'] || null,
    contentType: req.headers['content-type'] || null,
    requestId: req.headers['x-fc-request-id'],
    functionName: req.headers['x-fc-function-name'],
    controlPath: req.headers['x-fc-control-path'],
    envFunctionName: process.env.FC_FUNCTION_NAME,
    initialized,
    body: body.toString('base64'),
  });
});

const port = parseInt(process.env.FC_SERVER_PORT || '9000', 10);
app.listen(port, '0.0.0.0', () => console.log(`express listening on 0.0.0.0:${port}`));
