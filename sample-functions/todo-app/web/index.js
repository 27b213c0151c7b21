'use strict';
// The todo app's front function: serves the page and its assets from ./public, read once per instance. Everything
// the page needs is here (no CDN), so it loads with no network.
const fs = require('fs');
const path = require('path');

const PUBLIC = path.join(__dirname, 'public');
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};
const cache = new Map();

function asset(name) {
  if (!cache.has(name)) {
    const file = path.join(PUBLIC, name);
    cache.set(name, file.startsWith(PUBLIC + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()
      ? fs.readFileSync(file) : null);
  }
  return cache.get(name);
}

exports.handler = (req, resp, context) => {
  let name;
  try {
    name = decodeURIComponent(req.path.replace(/^\/+/, '')) || 'index.html';
  } catch (e) {
    name = '';
  }
  const body = name && !name.includes('..') && !name.includes('\0') ? asset(name) : null;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    resp.setStatusCode(405);
    resp.setHeader('allow', 'GET, HEAD');
    return resp.send('');
  }
  if (!body) {
    resp.setStatusCode(404);
    resp.setHeader('content-type', 'text/plain; charset=utf-8');
    return resp.send('not found\n');
  }
  resp.setHeader('content-type', TYPES[path.extname(name)] || 'application/octet-stream');
  resp.setHeader('cache-control', 'no-cache');
  resp.setHeader('x-content-type-options', 'nosniff');
  resp.send(req.method === 'HEAD' ? '' : body);
};
