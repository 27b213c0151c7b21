'use strict';
// The FC entry point, exactly as Function Compute users write it with @webserverless/fc-express:
// an HTTP function (request, response, context) that proxies to the express app.
const { Server } = require('@webserverless/fc-express');
const app = require('./app');

const server = new Server(app);

exports.handler = (req, resp, context) => {
  server.httpProxy(req, resp, context);
};
