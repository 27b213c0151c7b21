'use strict';
// Resolves an FC handler string ("index.handler", "src/app.handler", "index.nested.fn") to a function
// exported by the user's code, loading each module once.
//
//   "<dir/>file.export[.more]"  ->  <codeDir>/<dir/>file{.js,.mjs,.cjs}  export `export` (then `.more`)
//
// Load errors are RuntimeUserErrors named as on FC: InvalidHandlerName, ImportModuleError,
// UserCodeSyntaxError, HandlerNotFound. A module whose top level throws anything else fails with that
// error as it is. A failed load is remembered: the module's top level is never run twice.

const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const { RuntimeUserError } = require('./errors');
const log = require('./log');

const EXTENSIONS = ['.js', '.mjs', '.cjs'];

function parseHandler(handler) {
  const text = typeof handler === 'string' ? handler.trim() : '';
  const slash = text.lastIndexOf('/');
  const dir = text.slice(0, slash + 1);
  const base = text.slice(slash + 1);
  const dot = base.indexOf('.');
  const file = dot > 0 ? base.slice(0, dot) : '';
  const exportPath = dot > 0 ? base.slice(dot + 1).split('.') : [];
  const bad = !file
    || exportPath.length === 0
    || exportPath.some((p) => p === '')
    || path.isAbsolute(dir)
    || dir.split('/').some((p) => p === '..')
    || text.includes('\\');
  if (bad) {
    throw new RuntimeUserError('InvalidHandlerName',
      `Invalid handler name "${handler}": expected "<file>.<export>", e.g. "index.handler"`);
  }
  return { module: dir + file, exportPath };
}

class Loader {
  constructor(codeDir) {
    this.codeDir = codeDir;
    this.modules = new Map(); // module name -> Promise<exports>
  }

  // Returns a Promise of the handler function; rejects with a load error.
  async resolve(handler) {
    const { module, exportPath } = parseHandler(handler);
    let exportsObject = await this.loadModule(module, handler);
    let value = exportsObject;
    for (const key of exportPath) {
      value = value === null || value === undefined ? undefined : value[key];
    }
    if (typeof value !== 'function' && exportsObject && exportsObject.default
        && typeof exportsObject.default === 'object') {
      // CommonJS module imported as ESM, or `export default { handler }`.
      value = exportPath.reduce((v, k) => (v === null || v === undefined ? undefined : v[k]),
        exportsObject.default);
    }
    if (typeof value !== 'function') {
      throw new RuntimeUserError('HandlerNotFound',
        `${handler} is undefined or not exported (module '${module}' has no function '${exportPath.join('.')}')`);
    }
    return value;
  }

  loadModule(module, handler) {
    let pending = this.modules.get(module);
    if (!pending) {
      pending = this.doLoad(module, handler);
      // Avoid "unhandled rejection" noise for a cached failure that no one awaits right now.
      pending.catch(() => {});
      this.modules.set(module, pending);
    }
    return pending;
  }

  async doLoad(module, handler) {
    const file = this.findFile(module);
    if (!file) {
      throw new RuntimeUserError('ImportModuleError',
        `Cannot find module '${module}' (looked for ${EXTENSIONS.map((e) => module + e).join(', ')} in ${this.codeDir})`);
    }
    log.runtimeInfo(`load code for handler:${handler}`);
    try {
      if (file.endsWith('.mjs')) return await import(pathToFileURL(file).href);
      try {
        return require(file);
      } catch (err) {
        // A .js file under "type": "module", or an ES module with top-level await.
        if (err && (err.code === 'ERR_REQUIRE_ESM' || err.code === 'ERR_REQUIRE_ASYNC_MODULE')) {
          return await import(pathToFileURL(file).href);
        }
        throw err;
      }
    } catch (err) {
      throw classifyLoadError(err);
    }
  }

  findFile(module) {
    for (const ext of EXTENSIONS) {
      const candidate = path.resolve(this.codeDir, module + ext);
      try {
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch (_) { /* not there */ }
    }
    return null;
  }
}

function classifyLoadError(err) {
  if (err instanceof SyntaxError) {
    return new RuntimeUserError('UserCodeSyntaxError', `${err.name}: ${err.message}`, err);
  }
  if (err && (err.code === 'MODULE_NOT_FOUND' || err.code === 'ERR_MODULE_NOT_FOUND')) {
    // The message's first line ("Cannot find module 'x'"), where Node looked and how to add a package; the require
    // stack stays in stackTrace.
    const firstLine = String(err.message).split('\n')[0];
    return new RuntimeUserError('ImportModuleError', `${err.name || 'Error'}: ${firstLine}${missingModuleHint(firstLine, err)}`, err);
  }
  return err;
}

// The npm package a bare specifier names ('x/lib/y' -> 'x', '@s/p/q' -> '@s/p'); null for a relative or absolute path.
function packageName(specifier) {
  if (!specifier || specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('file:')) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

// For a missing package: where Node looked (the requiring file's node_modules folders, then NODE_PATH, which holds FC's
// built-in modules and the layers' folders) and that `npm install` in the code folder adds it.
function missingModuleHint(firstLine, err) {
  const m = /Cannot find (?:module|package) '([^']+)'/.exec(firstLine);
  const name = packageName(m && m[1]);
  if (!name) return '';
  const from = (Array.isArray(err.requireStack) && err.requireStack[0]) || (/imported from (\S+)/.exec(firstLine) || [])[1];
  const dir = from ? path.dirname(from) : process.cwd();
  const nodePath = (process.env.NODE_PATH || '').split(path.delimiter).filter(Boolean);
  return `. Looked in ${path.join(dir, 'node_modules')} and the node_modules folders above it`
    + (nodePath.length ? `, then NODE_PATH: ${nodePath.join(', ')} (FC's built-in modules and layers)` : '')
    + `. It is not one of FC's built-in modules: run \`npm install ${name}\` in the function's code folder`
    + ' (its node_modules is deployed with the code).';
}

module.exports = { Loader, parseHandler, missingModuleHint };
