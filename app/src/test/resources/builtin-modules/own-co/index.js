'use strict';
// The function's own node_modules wins over FC's built-in module of the same name.
const co = require('co');

exports.handler = (event, context, callback) => callback(null, JSON.stringify({ co: co.whose || 'built-in' }));
