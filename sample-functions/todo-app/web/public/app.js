'use strict';
// The todo page: plain JavaScript, no framework, nothing loaded from the network but this origin.
// The token from /api/login is kept in sessionStorage and sent as "Authorization: Bearer" (the gateway checks it on
// /api/todos and /api/currentUser). Every call's row in the Calls table comes from the gateway's response headers:
// x-localfaas-instance (which instance served it) and x-localfaas-cold-start (whether it paid a cold start).
(function () {
  const $ = (id) => document.getElementById(id);
  const config = window.TODO_CONFIG || { userApi: '/api', todosApi: '/api/todos' };
  const LOGIN = config.userApi + '/login';
  const CURRENT_USER = config.userApi + '/currentUser';
  const TODOS = config.todosApi;
  let token = sessionStorage.getItem('token');

  function show(section) {
    $('login').hidden = section !== 'login';
    $('todos').hidden = section !== 'todos';
    $('whoami').hidden = section !== 'todos';
  }

  function record(method, path, res, ms) {
    const row = document.createElement('tr');
    const cold = res.headers.get('x-localfaas-cold-start');
    const breakdown = res.headers.get('x-localfaas-start-breakdown');
    const cells = [
      method + ' ' + path,
      String(res.status),
      res.headers.get('x-localfaas-instance') || '-',
      cold === 'true' ? 'cold' : cold === 'false' ? 'warm' : '-',
      String(ms),
    ];
    cells.forEach((text, i) => {
      const td = document.createElement('td');
      td.textContent = text;
      if (i === 3 && cold) {
        td.className = cold === 'true' ? 'cold' : 'warm';
        if (breakdown) td.title = breakdown;
      }
      row.appendChild(td);
    });
    row.className = 'call';
    $('calls').prepend(row);
  }

  async function api(method, path, body) {
    const headers = {};
    if (token) headers.authorization = 'Bearer ' + token;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const t0 = performance.now();
    const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    record(method, path, res, Math.round(performance.now() - t0));
    let json = null;
    try { json = await res.json(); } catch (e) { json = null; }
    if (res.status === 401 && path !== LOGIN) {
      logout();
    }
    return { status: res.status, json };
  }

  function render(todos) {
    const list = $('todo-list');
    list.textContent = '';
    for (const t of todos) {
      const li = document.createElement('li');
      li.dataset.id = t.id;
      li.className = t.done ? 'done' : '';
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = t.done;
      box.className = 'complete';
      box.setAttribute('aria-label', 'done');
      box.addEventListener('change', () => change('PUT', t.id, { done: box.checked }));
      const title = document.createElement('span');
      title.className = 'title';
      title.textContent = t.title;
      const del = document.createElement('button');
      del.type = 'button';
      del.className = 'plain delete';
      del.textContent = 'delete';
      del.addEventListener('click', () => change('DELETE', t.id));
      li.append(box, title, del);
      list.appendChild(li);
    }
    $('empty').hidden = todos.length > 0;
  }

  async function load() {
    const r = await api('GET', TODOS);
    if (r.status === 200) {
      render(r.json.todos);
      $('todo-error').textContent = r.json.synced === false ? 'this instance has not synced yet: the list may be incomplete' : '';
    } else if (r.status !== 401) {
      $('todo-error').textContent = (r.json && r.json.error) || 'the list did not load (' + r.status + ')';
    }
  }

  async function change(method, id, body) {
    const r = await api(method, TODOS + '/' + encodeURIComponent(id), body);
    if (r.status === 200) {
      render(r.json.todos);
      $('todo-error').textContent = '';
    } else if (r.status !== 401) {
      $('todo-error').textContent = (r.json && r.json.error) || 'failed (' + r.status + ')';
    }
  }

  async function enter() {
    const r = await api('GET', CURRENT_USER);
    if (r.status !== 200) {
      logout();
      return;
    }
    $('user').textContent = r.json.user;
    show('todos');
    await load();
  }

  function logout() {
    token = null;
    sessionStorage.removeItem('token');
    show('login');
  }

  $('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    $('login-error').textContent = '';
    const r = await api('POST', LOGIN, { username: $('username').value, password: $('password').value });
    if (r.status === 200) {
      token = r.json.token;
      sessionStorage.setItem('token', token);
      $('password').value = '';
      await enter();
    } else {
      $('login-error').textContent = (r.json && r.json.error) || 'login failed (' + r.status + ')';
    }
  });

  $('todo-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const title = $('new-title').value.trim();
    if (!title) return;
    const r = await api('POST', TODOS, { title });
    if (r.status === 201 || r.status === 200) {
      $('new-title').value = '';
      render(r.json.todos);
      $('todo-error').textContent = '';
    } else if (r.status !== 401) {
      $('todo-error').textContent = (r.json && r.json.error) || 'failed (' + r.status + ')';
    }
  });

  $('logout').addEventListener('click', logout);

  if (token) {
    enter();
  } else {
    show('login');
  }
})();
