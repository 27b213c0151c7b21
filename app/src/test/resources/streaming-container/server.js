'use strict';
// A custom container that answers in parts, for StreamingIT (plain Node http, instance protocol of PROTOCOL.md):
//   /parts    writes "part 1", then writes "part 2" only once /release is called (bounded: gives up after 30 s)
//   /release  lets every waiting /parts response finish; answers how many it released
//   /drip     writes a line every 20 ms until the connection closes (at most 30 s)
//   /die      writes "part 1", then the process exits
//   /flood    writes 64 KB chunks as fast as the connection takes them until it closes (at most 30 s)
//   /upload   answers the byte count and SHA-256 of the request body
const http = require('http');
const crypto = require('crypto');

const port = parseInt(process.env.FC_SERVER_PORT || '9000', 10);
const waiting = [];

http.createServer((req, res) => {
  const control = req.headers['x-fc-control-path'] || '/http-invoke';
  const path = new URL(req.url, 'http://x').pathname;
  if (control !== '/http-invoke') {
    req.resume();
    req.on('end', () => { res.writeHead(200, { 'content-length': 0 }); res.end(); });
    return;
  }
  if (path.endsWith('/upload')) {
    const hash = crypto.createHash('sha256');
    let bytes = 0;
    req.on('data', (c) => { hash.update(c); bytes += c.length; });
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ bytes, sha256: hash.digest('hex') }));
    });
    return;
  }
  req.resume();
  req.on('end', () => {
    if (path.endsWith('/release')) {
      const released = waiting.splice(0);
      released.forEach((finish) => finish());
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(String(released.length));
    } else if (path.endsWith('/parts')) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('part 1\n');
      let done = false;
      const finish = () => { if (!done) { done = true; res.end('part 2\n'); } };
      waiting.push(finish);
      setTimeout(finish, 30000);
    } else if (path.endsWith('/drip')) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const timer = setInterval(() => res.write('drip\n'), 20);
      const stop = () => { clearInterval(timer); res.end(); };
      res.on('close', stop);
      setTimeout(stop, 30000);
    } else if (path.endsWith('/flood')) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 120);
      let open = true;
      const pump = () => { while (open && res.write(chunk)) { /* until the socket pushes back */ } };
      res.on('drain', pump);
      res.on('close', () => { open = false; });
      setTimeout(() => { open = false; res.end(); }, 30000);
      pump();
    } else if (path.endsWith('/die')) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('part 1\n', () => process.exit(3));
    } else {
      res.writeHead(404, { 'content-length': 0 });
      res.end();
    }
  });
}).listen(port, '0.0.0.0', () => console.log(`streaming container listening on 0.0.0.0:${port}`));
