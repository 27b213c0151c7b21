'use strict';
// AWS Lambda adapter of logic.js, for serverless-offline (API Gateway HTTP API event).
const { answer } = require('./logic');

exports.http = async (event) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(answer(event.rawPath || event.path, event.queryStringParameters || {})),
});
