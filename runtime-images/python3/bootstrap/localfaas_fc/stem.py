"""Stem cells (PROTOCOL.md §10): the function's settings read from an environment, the code folder entered, and the
body of /specialise checked. Shared by the start (bootstrap.py) and the specialisation (server.py)."""
import json
import os
import re
import sys

from . import logs
from .errors import UserCodeError
from .loader import parse

# Runtime-internal variables: read once, then removed (user code does not see them, as on FC); never set by /specialise.
INTERNAL_ENV = ('FC_SERVER_PORT', 'FC_SERVER_HOST', 'FC_SERVER_PATH', 'FC_SERVER_LOG_PATH', 'FC_STANDALONE',
                'LOCALFAAS_INSTANCE_KEY_FD', 'LOCALFAAS_STEM_CELL', 'LOCALFAAS_INSTANCE_KEY')
_KEY = re.compile(r'^[\x21-\x7e]{16,}$')


def function_config(env, host, port, instance_key):
    """The function's settings from env; host, port and key as given."""
    return {
        'host': host,
        'port': port,
        'code_dir': env.get('FC_FUNC_CODE_PATH') or '/code/',
        'function': env.get('FC_FUNCTION_NAME', ''),
        'handler': env.get('FC_FUNCTION_HANDLER') or env.get('FC_HANDLER') or 'index.handler',
        'initializer': env.get('FC_INITIALIZER') or env.get('FC_INITIALIZER_HANDLER') or '',
        'pre_stop': env.get('FC_PRE_STOP_HANDLER') or '',
        'pre_freeze': env.get('FC_PRE_FREEZE_HANDLER') or '',
        'instance_key': instance_key,
    }


def enter_code_dir(config):
    """chdir into the code folder, put it first on sys.path, and check the handler names (only logged: each is reported
    again on the call that needs it)."""
    code_dir = config['code_dir']
    try:
        os.chdir(code_dir)
    except OSError as e:
        logs.runtime_error('cannot chdir to code dir %s: %s' % (code_dir, e))
    # The code folder (and the packages vendored in it) comes first, as on FC; /opt/python is on PYTHONPATH.
    sys.path.insert(0, os.path.abspath(code_dir))
    for key in ('handler', 'initializer', 'pre_stop', 'pre_freeze'):
        if config[key]:
            try:
                parse(config[key], config['function'])
            except UserCodeError as e:
                logs.runtime_error(str(e))


def parse_specialisation(body):
    """(environment, new key) from the body of /specialise; ValueError saying what is wrong."""
    try:
        parsed = json.loads(body.decode('utf-8'))
    except (UnicodeDecodeError, ValueError) as e:
        raise ValueError('the body is not JSON: %s' % e)
    environment = parsed.get('environment') if isinstance(parsed, dict) else None
    if not isinstance(environment, dict):
        raise ValueError('the body must be {"environment": {"NAME": "value", ...}}')
    for name, value in environment.items():
        if not isinstance(value, str):
            raise ValueError('environment.%s must be a string' % name)
    key = environment.get('LOCALFAAS_INSTANCE_KEY', '')
    if not _KEY.match(key):
        raise ValueError('environment.LOCALFAAS_INSTANCE_KEY must be the new instance key')
    return environment, key.encode('utf-8')


def apply_environment(environment):
    """Sets the function's variables in os.environ (never the runtime-internal ones); the environment now."""
    for name, value in environment.items():
        if name not in INTERNAL_ENV:
            os.environ[name] = value
    return dict(os.environ)
