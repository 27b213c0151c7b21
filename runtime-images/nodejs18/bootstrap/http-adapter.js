'use strict';
// The (request, response) pair an FC HTTP handler receives.
//
// request:  a stream.Readable of the body (so raw-body / getRawBody(req) / req.pipe work), plus
//           body (Buffer, the same bytes, readable without consuming the stream), headers, path,
//           queries, method, url, clientIP.
// response: setStatusCode, setHeader, deleteHeader, send(string | Buffer | stream.Readable).

const http = require('http');
const querystring = require('querystring');
const { Readable } = require('stream');

// Request headers the function does not see (fc-compat §4): x-fc-* and hop-by-hop headers of the
// platform's connection to the instance.
const HIDDEN_REQUEST_HEADERS = new Set(['connection', 'keep-alive']);
// Response headers the function cannot set (fc-compat §4); the runtime computes content-length itself.
const RESERVED_RESPONSE_HEADERS = new Set([
  'connection', 'content-length', 'date', 'keep-alive', 'server', 'upgrade', 'transfer-encoding',
]);

function isReservedResponseHeader(lower) {
  return lower.startsWith('x-fc-') || RESERVED_RESPONSE_HEADERS.has(lower);
}

function stripBasePath(pathname, basePath) {
  if (!basePath) return pathname;
  const base = basePath.replace(/\/+$/, '');
  if (!base) return pathname;
  if (pathname === base) return '/';
  if (pathname.startsWith(base + '/')) return pathname.slice(base.length);
  return pathname;
}

function clientAddress(socket) {
  const addr = socket && socket.remoteAddress ? socket.remoteAddress : '';
  return addr.startsWith('::ffff:') ? addr.slice(7) : addr;
}

// incoming: the platform's http.IncomingMessage; body: its fully read body.
function createRequest(incoming, body) {
  const rawUrl = incoming.url || '/';
  const q = rawUrl.indexOf('?');
  const pathname = q >= 0 ? rawUrl.slice(0, q) : rawUrl;
  const search = q >= 0 ? rawUrl.slice(q + 1) : '';

  const headers = {};
  for (const [key, value] of Object.entries(incoming.headers)) {
    if (key.startsWith('x-fc-') || HIDDEN_REQUEST_HEADERS.has(key)) continue;
    headers[key] = value;
  }

  let pushed = false;
  const req = new Readable({
    read() {
      if (pushed) return;
      pushed = true;
      if (body.length > 0) this.push(body);
      this.push(null);
    },
  });
  req.headers = headers;
  req.method = incoming.method;
  req.url = rawUrl;
  req.path = stripBasePath(pathname, incoming.headers['x-fc-base-path']);
  req.queries = Object.assign({}, querystring.parse(search));
  req.clientIP = incoming.headers['x-fc-client-ip'] || clientAddress(incoming.socket);
  req.body = body;
  return req;
}

// onSend({status, headers: [[name, value]], body: Buffer}) or onError(err) is called once.
function createResponse(onSend, onError) {
  let status = 200;
  const headers = new Map(); // lower-case name -> [name, value]
  let sent = false;

  const finish = (buffer) => onSend({ status, headers: Array.from(headers.values()), body: buffer });

  return {
    setStatusCode(code) {
      const n = Number(code);
      if (!Number.isInteger(n) || n < 100 || n > 999) {
        throw new TypeError(`Invalid status code: ${code}`);
      }
      status = n;
    },
    setHeader(name, value) {
      const key = String(name);
      const lower = key.toLowerCase();
      if (isReservedResponseHeader(lower)) return;
      const v = Array.isArray(value) ? value.map(String) : String(value);
      http.validateHeaderName(key);
      for (const one of Array.isArray(v) ? v : [v]) http.validateHeaderValue(key, one);
      headers.set(lower, [key, v]);
    },
    deleteHeader(name) {
      headers.delete(String(name).toLowerCase());
    },
    send(body) {
      if (sent) return; // the first send ends the invocation
      sent = true;
      if (body && typeof body.pipe === 'function' && typeof body.on === 'function') {
        const chunks = [];
        body.on('data', (c) => chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c)));
        body.on('end', () => finish(Buffer.concat(chunks)));
        body.on('error', (err) => onError(err));
        return;
      }
      finish(toBuffer(body));
    },
  };
}

function toBuffer(body) {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (typeof body === 'object') return Buffer.from(JSON.stringify(body), 'utf8');
  return Buffer.from(String(body), 'utf8');
}

module.exports = { createRequest, createResponse, stripBasePath, toBuffer };
