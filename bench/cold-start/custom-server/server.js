'use strict';
// The custom-runtime function of the cold-start benchmark: a plain Node.js HTTP server on 0.0.0.0:$FC_SERVER_PORT (9000),
// as FC's custom runtime starts it (customRuntimeConfig.command: node server.js), answering every request at once.
const http = require('http');

const port = parseInt(process.env.FC_SERVER_PORT || '9000', 10);
http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 5 });
    res.end('hello');
  });
}).listen(port, '0.0.0.0');
