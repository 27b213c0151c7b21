'use strict';
// Requires a package that is neither in the code folder nor among FC's built-in modules (nor their dependencies).
const express = require('express');

exports.handler = (event, context, callback) => callback(null, typeof express);
