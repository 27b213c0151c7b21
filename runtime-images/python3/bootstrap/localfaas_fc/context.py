"""The FC `context` of a call, built from the request's x-fc-* headers, falling back to the start environment."""
import base64
import json


def _first(*values):
    for v in values:
        if v:
            return v
    return ''


def _int(*values):
    for v in values:
        try:
            return int(v)
        except (TypeError, ValueError):
            continue
    return 0


class Credentials:
    def __init__(self, access_key_id, access_key_secret, security_token):
        self.access_key_id = access_key_id
        self.access_key_secret = access_key_secret
        self.security_token = security_token
        # FC's Python runtime spells these in camelCase as well.
        self.accessKeyId = access_key_id
        self.accessKeySecret = access_key_secret
        self.securityToken = security_token


class FunctionMeta:
    def __init__(self, name, handler, memory, timeout, initializer, initialization_timeout):
        self.name = name
        self.handler = handler
        self.memory = memory
        self.timeout = timeout
        self.initializer = initializer
        self.initialization_timeout = initialization_timeout


class ServiceMeta:
    def __init__(self, name, log_project, log_store, qualifier, version_id):
        self.name = name
        self.log_project = log_project
        self.log_store = log_store
        self.qualifier = qualifier
        self.version_id = version_id


class Tracing:
    def __init__(self, span_context, jaeger_endpoint, span_baggages):
        self.span_context = span_context
        self.jaeger_endpoint = jaeger_endpoint
        self.span_baggages = span_baggages


class FCContext:
    def __init__(self, request_id, credentials, function, service, region, account_id, retry_count, tracing):
        self.request_id = request_id
        self.credentials = credentials
        self.function = function
        self.service = service
        self.region = region
        self.account_id = account_id
        self.retry_count = retry_count
        self.tracing = tracing

    def __repr__(self):
        return 'FCContext(request_id=%r, function=%r)' % (self.request_id, self.function.name)


def _baggages(value):
    if not value:
        return {}
    try:
        parsed = json.loads(base64.b64decode(value).decode('utf-8'))
        return parsed if isinstance(parsed, dict) else {}
    except (ValueError, UnicodeDecodeError):
        return {}


def build(request_id, h, env):
    """h: lower-case request headers; env: the environment taken at start."""
    return FCContext(
        request_id,
        Credentials(
            _first(h.get('x-fc-access-key-id'), env.get('ALIBABA_CLOUD_ACCESS_KEY_ID'), env.get('FC_ACCESS_KEY_ID')),
            _first(h.get('x-fc-access-key-secret'), env.get('ALIBABA_CLOUD_ACCESS_KEY_SECRET'), env.get('FC_ACCESS_KEY_SECRET')),
            _first(h.get('x-fc-security-token'), env.get('ALIBABA_CLOUD_SECURITY_TOKEN'), env.get('FC_SECURITY_TOKEN'))),
        FunctionMeta(
            _first(h.get('x-fc-function-name'), env.get('FC_FUNCTION_NAME')),
            _first(h.get('x-fc-function-handler'), env.get('FC_FUNCTION_HANDLER'), env.get('FC_HANDLER')),
            _int(h.get('x-fc-function-memory'), env.get('FC_FUNCTION_MEMORY_SIZE'), env.get('FC_MEMORY_SIZE')),
            _int(h.get('x-fc-function-timeout'), env.get('FC_TIMEOUT')),
            _first(h.get('x-fc-function-initializer'), env.get('FC_INITIALIZER'), env.get('FC_INITIALIZER_HANDLER')),
            _int(h.get('x-fc-initialization-timeout'), env.get('FC_INITIALIZATION_TIMEOUT'))),
        ServiceMeta(
            _first(h.get('x-fc-service-name'), env.get('FC_SERVICE_NAME')),
            _first(h.get('x-fc-service-logproject'), env.get('FC_SERVICE_LOG_PROJECT')),
            _first(h.get('x-fc-service-logstore'), env.get('FC_SERVICE_LOG_STORE')),
            _first(h.get('x-fc-qualifier'), env.get('FC_QUALIFIER')),
            _first(h.get('x-fc-version-id'), env.get('FC_FUNCTION_VERSION'))),
        _first(h.get('x-fc-region'), env.get('FC_REGION')),
        _first(h.get('x-fc-account-id'), env.get('FC_ACCOUNT_ID')),
        _int(h.get('x-fc-retry-count')),
        Tracing(h.get('x-fc-tracing-opentracing-span-context', ''), h.get('x-fc-tracing-jaeger-endpoint', ''),
                _baggages(h.get('x-fc-tracing-opentracing-span-baggages'))))
