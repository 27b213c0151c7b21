'use strict';
// An echo function written exactly as for Alibaba Cloud Function Compute (nodejs18): the second function of the
// greetings sample (config/greetings.yaml and its Funcraft twin config/greetings-template.yml).
//   index.handler (HTTP trigger) answers with what it was sent and the GREETING from its environment.

let initialized = false;

exports.initializer = (context, callback) => {
  initialized = true;
  callback(null, '');
};

exports.handler = (req, resp, context) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    resp.setStatusCode(200);
    resp.setHeader('content-type', 'application/json');
    resp.send(JSON.stringify({
      greeting: process.env.GREETING || null,
      function: context.function.name,
      service: context.service.name,
      initialized,
      method: req.method,
      path: req.path,
      queries: req.queries,
      body: Buffer.concat(chunks).toString(),
      instanceId: process.env.FC_INSTANCE_ID,
    }));
  });
};

exports.preStop = (context, callback) => {
  callback(null, '');
};
