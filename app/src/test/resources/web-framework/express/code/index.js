// An express app answering every path, as the web-framework templates write theirs; it listens on 9000 itself.
const express = require('express');

const app = express();
app.use(express.json());
app.use(express.text());

app.all('/*', (req, res) => {
  res.json({
    framework: 'express',
    node: process.version,
    method: req.method,
    path: req.originalUrl,
    query: req.query,
    body: req.body,
    requestId: req.headers['x-fc-request-id'],
  });
});

app.listen(9000, () => console.log('express listening on 9000'));
