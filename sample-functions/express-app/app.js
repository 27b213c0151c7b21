'use strict';
// A plain express 4 app: nothing in it knows about Function Compute.
const express = require('express');

const app = express();
app.use(express.json());

app.get('/hello', (req, res) => {
  res.json({ message: `hello ${req.query.name || 'world'}`, path: req.path, method: req.method });
});

app.post('/echo', (req, res) => {
  res.status(201).json({ received: req.body, contentType: req.get('content-type') });
});

// express@4 route syntax; express@5 would need '/{*splat}' here.
app.all('*', (req, res) => {
  res.status(404).json({ error: `no route ${req.method} ${req.path}` });
});

module.exports = app;
