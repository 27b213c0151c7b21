'use strict';
// The ImportModuleError hint for a missing package: where Node looked, and `npm install` in the code folder.
const { describe, it } = require('node:test');
const assert = require('node:assert');
const { missingModuleHint } = require('../bootstrap/loader');

describe('missing module hint', () => {
  const withNodePath = (value, fn) => {
    const old = process.env.NODE_PATH;
    process.env.NODE_PATH = value;
    try { return fn(); } finally { if (old === undefined) delete process.env.NODE_PATH; else process.env.NODE_PATH = old; }
  };
  const cases = [
    { line: "Cannot find module 'lodash/fp'", stack: ['/code/src/app.js'], want: /Looked in \/code\/src\/node_modules .*NODE_PATH: \/usr\/local\/lib\/node_modules, \/opt\/nodejs\/node_modules .*`npm install lodash`/ },
    { line: "Cannot find module '@scope/pkg/sub'", stack: ['/code/index.js'], want: /`npm install @scope\/pkg`/ },
    { line: "Cannot find package 'esm-only' imported from /code/index.mjs", stack: undefined, want: /Looked in \/code\/node_modules.*`npm install esm-only`/ },
    { line: "Cannot find module './lib/missing'", stack: ['/code/index.js'], want: /^$/ },
  ];
  for (const c of cases) {
    it(c.line, () => {
      const hint = withNodePath('/usr/local/lib/node_modules:/opt/nodejs/node_modules',
        () => missingModuleHint(c.line, { requireStack: c.stack }));
      assert.match(hint, c.want);
    });
  }
});
