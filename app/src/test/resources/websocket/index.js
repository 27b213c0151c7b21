// A WebSocket echo server for FC's custom runtime, on Node's own http module (no npm package): the handshake is
// answered by hand and text frames (unfragmented, as short messages are sent) are echoed with what the instance saw.
// "bye" makes the server close the connection itself.
const http = require('http');
const crypto = require('crypto');

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const port = Number(process.env.FC_SERVER_PORT || 9000);

function frame(opcode, payload) {
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x80 | opcode, len])
    : Buffer.from([0x80 | opcode, 126, len >> 8, len & 0xff]);
  return Buffer.concat([head, payload]);
}

const server = http.createServer((req, res) => {
  res.writeHead(426, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ expected: 'a WebSocket upgrade', path: req.url }));
});

server.on('upgrade', (req, socket) => {
  const accept = crypto.createHash('sha1').update(req.headers['sec-websocket-key'] + GUID).digest('base64');
  socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n'
    + 'Sec-WebSocket-Accept: ' + accept + '\r\n\r\n');
  const seen = { path: req.url, requestId: req.headers['x-fc-request-id'] || '', claims: req.headers['x-localfaas-jwt-claims'] || '' };
  let buf = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    while (buf.length >= 2) {
      const opcode = buf[0] & 0x0f;
      let len = buf[1] & 0x7f;
      let off = 2;
      if (len === 126) {
        if (buf.length < 4) return;
        len = buf.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        socket.destroy(); // messages this large are not part of the test
        return;
      }
      const masked = (buf[1] & 0x80) !== 0;
      const total = off + (masked ? 4 : 0) + len;
      if (buf.length < total) return;
      const mask = masked ? buf.subarray(off, off + 4) : null;
      const payload = Buffer.from(buf.subarray(off + (masked ? 4 : 0), total));
      if (mask) for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4];
      buf = buf.subarray(total);
      if (opcode === 0x8) { // close: answer it and end
        socket.end(frame(0x8, payload.subarray(0, 2)));
        return;
      }
      if (opcode === 0x1) {
        const text = payload.toString('utf8');
        if (text === 'bye') {
          socket.end(frame(0x8, Buffer.concat([Buffer.from([0x03, 0xe8]), Buffer.from('server says bye')])));
          return;
        }
        socket.write(frame(0x1, Buffer.from(JSON.stringify(Object.assign({ echo: text }, seen)))));
      }
    }
  });
  socket.on('error', () => socket.destroy());
});

server.listen(port, '0.0.0.0');
