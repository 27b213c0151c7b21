'use strict';
// A custom container as FC users write them: a plain HTTP server on 0.0.0.0:$FC_SERVER_PORT (FC's CAPort, 9000),
// serving the instance protocol (runtime-images/PROTOCOL.md) with nothing but Node's http module.
const http = require('http');

let initialized = false;
const port = parseInt(process.env.FC_SERVER_PORT || '9000', 10);

http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const control = req.headers['x-fc-control-path'] || '/http-invoke';
    if (control === '/initialize') {
      initialized = true;
      res.writeHead(200, { 'content-length': 0 });
      res.end();
      return;
    }
    if (control === '/pre-stop') {
      res.writeHead(200, { 'content-length': 0 });
      res.end();
      return;
    }
    const reply = () => {
      const body = Buffer.from(JSON.stringify({
        initialized,
        listenPort: port,
        listenHost: process.env.FC_SERVER_HOST,
        instance: process.env.FC_INSTANCE_ID,
        method: req.method,
        url: req.url,
        requestId: req.headers['x-fc-request-id'],
        body: Buffer.concat(chunks).toString(),
      }));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
    };
    // ?hold=MS keeps the request in flight that long, so that a second request needs a second instance.
    const hold = parseInt(new URL(req.url, 'http://x').searchParams.get('hold') || '0', 10);
    setTimeout(reply, Math.min(hold, 10000));
  });
}).listen(port, '0.0.0.0', () => console.log(`custom container listening on 0.0.0.0:${port}`));
