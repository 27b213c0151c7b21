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

// Where the page finds the other functions: their trigger paths, from this function's environment (the native config
// serves them under /api; a Funcraft template at /<service>/<function>).
const CONFIG_JS = Buffer.from('window.TODO_CONFIG = ' + JSON.stringify({
  userApi: process.env.USER_API_PATH || '/api',
  todosApi: process.env.TODOS_API_PATH || '/api/todos',
}) + ';\n');

exports.handler = (req, resp, context) => {
  // The assets are one flat folder: the last path segment names one, wherever the trigger puts the page
  // (/ natively, /<service>/<function>/ in a Funcraft template). A path without one ends in / (index.html).
  const last = req.path.slice(req.path.lastIndexOf('/') + 1);
  if (last && !path.extname(last)) {
    resp.setStatusCode(302);
    resp.setHeader('location', '/' + req.path.replace(/^\/+/, '') + '/'); // never //host: no open redirect
    return resp.send('');
  }
  if (last === 'config.js') {
    resp.setHeader('content-type', TYPES['.js']);
    resp.setHeader('cache-control', 'no-cache');
    return resp.send(CONFIG_JS);
  }
  let name;
  try {
    name = decodeURIComponent(last) || 'index.html';
  } catch (e) {
    name = '';
  }
  const body = name && !name.includes('/') && !name.includes('..') && !name.includes('\0') ? asset(name) : null;
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
