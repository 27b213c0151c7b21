'use strict';
// The todo app's rule function, as the course writes it for Function Compute: the page calls it for its list and
// its writes. It keeps every user's list in memory and syncs it from the data service (the todo function, reached
// over HTTP), as the course's rule function does against its table store.
//
//   GET    .../todos        the caller's list, from memory
//   POST   .../todos        {"title"}   create, then refresh the caller's list from the data service
//   PUT    .../todos/{id}   {"done"}    complete (or reopen)
//   DELETE .../todos/{id}
// Every answer is {"user", "todos", ...}. The caller is the `sub` of the JWT the gateway verified (its claims arrive
// as JSON in the x-localfaas-jwt-claims header) or, behind a trigger that checks no token, of the Bearer token this
// function verifies itself; writes are forwarded with the caller's own token.
//
// The cold-start lesson: the first full sync is started by the first request, in the background, and that request
// answers from the still-empty memory. Deployed with `initializer: index.initializer`, the sync runs before the
// instance takes any request (FC's initializer), and the first list is complete. Deployed without it (rule-buggy in
// config/todo.yaml), the first list after every cold start is empty.
const crypto = require('crypto');

const GATEWAY = (process.env.TODO_SERVICE_URL || process.env.LOCALFAAS_GATEWAY_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
const TODOS = GATEWAY + (process.env.TODO_SERVICE_PATH || '/store/todos');
const CLAIMS_HEADER = (process.env.CLAIMS_HEADER || 'x-localfaas-jwt-claims').toLowerCase();
const REFRESH_MS = Number(process.env.REFRESH_MS || 2000);

const lists = new Map(); // user -> {todos, at}
let synced = false;
let syncing = null;

function b64url(x) {
  return Buffer.from(x).toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

// The token this function uses for the full sync: HS256, scope "sync", valid one minute.
function serviceToken() {
  const secret = process.env.JWT_SECRET || '';
  const now = Math.floor(Date.now() / 1000);
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify({ sub: 'rule', scope: 'sync', iat: now, exp: now + 60 }));
  const sig = crypto.createHmac('sha256', secret).update(head + '.' + body).digest('base64')
    .replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return head + '.' + body + '.' + sig;
}

async function call(method, url, authorization, body) {
  const res = await fetch(url, {
    method,
    headers: Object.assign({ authorization }, body === undefined ? {} : { 'content-type': 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(8000),
  });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = { error: text }; }
  return { status: res.status, json };
}

async function syncAll() {
  const r = await call('GET', TODOS, 'Bearer ' + serviceToken());
  if (r.status !== 200 || !r.json || !r.json.users) {
    throw new Error('sync from ' + TODOS + ' failed: ' + r.status + ' ' + JSON.stringify(r.json));
  }
  const now = Date.now();
  for (const [user, todos] of Object.entries(r.json.users)) {
    lists.set(user, { todos, at: now });
  }
  synced = true;
}

function startSync() {
  if (!synced && !syncing) {
    syncing = syncAll().catch((e) => console.error('background sync failed: ' + e.message)).finally(() => { syncing = null; });
  }
  return syncing;
}

async function refresh(user, authorization) {
  const r = await call('GET', TODOS, authorization);
  if (r.status === 200 && r.json && Array.isArray(r.json.todos)) {
    lists.set(user, { todos: r.json.todos, at: Date.now() });
  }
}

exports.initializer = (context, callback) => {
  syncAll().then(() => callback(null, ''), (e) => callback(e));
};

function send(resp, status, body) {
  resp.setStatusCode(status);
  resp.setHeader('content-type', 'application/json; charset=utf-8');
  resp.setHeader('cache-control', 'no-store');
  resp.send(JSON.stringify(body));
}

// The claims of the caller's token: those the gateway verified (localfaas JWT trigger), else, where the trigger does
// not check tokens (FC 2.0 HTTP triggers, the Funcraft template), the Bearer token verified here (HS256, exp).
function claimsOf(req) {
  const header = req.headers[CLAIMS_HEADER];
  if (header) {
    try { return JSON.parse(header); } catch (e) { return null; }
  }
  const m = /^Bearer (.+)$/.exec(req.headers.authorization || '');
  const parts = m ? m[1].split('.') : [];
  if (parts.length !== 3 || !process.env.JWT_SECRET) {
    return null;
  }
  try {
    const head = JSON.parse(Buffer.from(parts[0], 'base64url').toString());
    const want = crypto.createHmac('sha256', process.env.JWT_SECRET).update(parts[0] + '.' + parts[1]).digest();
    const got = Buffer.from(parts[2], 'base64url');
    if (head.alg !== 'HS256' || got.length !== want.length || !crypto.timingSafeEqual(got, want)) {
      return null;
    }
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString());
    const now = Date.now() / 1000;
    return typeof claims.exp === 'number' && claims.exp > now && !(claims.nbf > now) ? claims : null;
  } catch (e) {
    return null;
  }
}

function caller(req) {
  const claims = claimsOf(req);
  return claims && typeof claims.sub === 'string' && claims.scope === undefined ? claims.sub : null;
}

exports.handler = async (req, resp, context) => {
  const user = caller(req);
  const authorization = req.headers.authorization;
  if (!user || !authorization) {
    return send(resp, 401, { error: 'a valid token is required' });
  }
  startSync(); // the course's code: the data connection is set up by the first request, in the background
  const m = /\/todos(?:\/([^/]+))?\/?$/.exec(req.path);
  if (!m) {
    return send(resp, 404, { error: 'no such resource' });
  }
  const id = m[1];
  const entry = () => (lists.get(user) || { todos: [] }).todos;
  try {
    if (req.method === 'GET' && !id) {
      const e = lists.get(user);
      if (synced && (!e || Date.now() - e.at > REFRESH_MS)) {
        await refresh(user, authorization); // another instance may have written since
      }
      return send(resp, 200, { user, todos: entry(), synced });
    }
    let r;
    if (req.method === 'POST' && !id) {
      r = await call('POST', TODOS, authorization, JSON.parse(req.body.toString() || '{}'));
    } else if ((req.method === 'PUT' || req.method === 'PATCH') && id) {
      r = await call('PUT', TODOS + '/' + encodeURIComponent(id), authorization, JSON.parse(req.body.toString() || '{}'));
    } else if (req.method === 'DELETE' && id) {
      r = await call('DELETE', TODOS + '/' + encodeURIComponent(id), authorization);
    } else {
      return send(resp, 405, { error: 'method not allowed' });
    }
    if (r.status >= 300) {
      return send(resp, r.status, r.json || { error: 'the data service answered ' + r.status });
    }
    await refresh(user, authorization);
    return send(resp, r.status === 204 ? 200 : r.status, { user, todo: r.json, todos: entry(), synced });
  } catch (e) {
    if (e instanceof SyntaxError) {
      return send(resp, 400, { error: 'the body must be JSON' });
    }
    console.error('rule: ' + e.message);
    return send(resp, 502, { error: 'the data service is unavailable' });
  }
};
