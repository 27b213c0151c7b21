'use strict';
// The FC `context` object, built from the request's x-fc-* headers, falling back to the environment
// the instance was started with. A plain, JSON-serialisable object (fc-express serialises it).

const { createLogger } = require('./log');

function toInt(...values) {
  for (const v of values) {
    if (v === undefined || v === null || v === '') continue;
    const n = parseInt(v, 10);
    if (!Number.isNaN(n)) return n;
  }
  return 0;
}

function first(...values) {
  for (const v of values) {
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return '';
}

function parseBaggages(value) {
  if (!value) return {};
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch (_) {
    return {};
  }
}

// h: lower-case request headers; env: the environment snapshot taken at start.
function buildContext(requestId, h, env) {
  return {
    requestId,
    credentials: {
      accessKeyId: first(h['x-fc-access-key-id'], env.ALIBABA_CLOUD_ACCESS_KEY_ID, env.FC_ACCESS_KEY_ID, env.accessKeyID),
      accessKeySecret: first(h['x-fc-access-key-secret'], env.ALIBABA_CLOUD_ACCESS_KEY_SECRET, env.FC_ACCESS_KEY_SECRET, env.accessKeySecret),
      securityToken: first(h['x-fc-security-token'], env.ALIBABA_CLOUD_SECURITY_TOKEN, env.FC_SECURITY_TOKEN, env.securityToken),
    },
    function: {
      name: first(h['x-fc-function-name'], env.FC_FUNCTION_NAME),
      handler: first(h['x-fc-function-handler'], env.FC_FUNCTION_HANDLER, env.FC_HANDLER),
      memory: toInt(h['x-fc-function-memory'], env.FC_FUNCTION_MEMORY_SIZE, env.FC_MEMORY_SIZE),
      timeout: toInt(h['x-fc-function-timeout'], env.FC_TIMEOUT),
      initializer: first(h['x-fc-function-initializer'], env.FC_INITIALIZER, env.FC_INITIALIZER_HANDLER),
      initializationTimeout: toInt(h['x-fc-initialization-timeout'], env.FC_INITIALIZATION_TIMEOUT),
    },
    service: {
      name: first(h['x-fc-service-name'], env.FC_SERVICE_NAME),
      logProject: first(h['x-fc-service-logproject'], env.FC_SERVICE_LOG_PROJECT),
      logStore: first(h['x-fc-service-logstore'], env.FC_SERVICE_LOG_STORE),
      qualifier: first(h['x-fc-qualifier'], env.FC_QUALIFIER),
      versionId: first(h['x-fc-version-id'], env.FC_FUNCTION_VERSION, env.FC_VER_ID),
    },
    region: first(h['x-fc-region'], env.FC_REGION),
    accountId: first(h['x-fc-account-id'], env.FC_ACCOUNT_ID),
    retryCount: toInt(h['x-fc-retry-count']),
    logger: createLogger(requestId),
    tracing: {
      openTracingSpanContext: first(h['x-fc-tracing-opentracing-span-context']),
      openTracingSpanBaggages: parseBaggages(h['x-fc-tracing-opentracing-span-baggages']),
      jaegerEndpoint: first(h['x-fc-tracing-jaeger-endpoint']),
    },
    waitsForEmptyEventLoopBeforeCallback: false,
  };
}

module.exports = { buildContext };
