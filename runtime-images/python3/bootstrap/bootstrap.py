"""localfaas python3 runtime: runs Alibaba Cloud Function Compute Python functions unmodified.

Serves the instance protocol (runtime-images/PROTOCOL.md) on $FC_SERVER_HOST:$FC_SERVER_PORT. Standard library only;
works on Python 3.8 and later.
"""
import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
if sys.path and os.path.abspath(sys.path[0] or '.') == _HERE:
    del sys.path[0]
sys.path.insert(0, _HERE)
from localfaas_fc import logs, output  # noqa: E402
from localfaas_fc.server import serve  # noqa: E402
from localfaas_fc.stem import INTERNAL_ENV, enter_code_dir, function_config  # noqa: E402

sys.path.remove(_HERE)  # user code never imports the runtime's modules by accident



def read_instance_key(fd_var):
    """The instance key (PROTOCOL.md §1a), from the pipe launcher.sh opened: read to its end and closed before any user
    code loads. Only a descriptor above 2 that the variable names is touched."""
    if not (fd_var or '').isdigit() or int(fd_var) < 3:
        return b''
    fd = int(fd_var)
    chunks = []
    try:
        while True:
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            chunks.append(chunk)
    except OSError:
        return b''
    finally:
        try:
            os.close(fd)
        except OSError:
            pass
    return b''.join(chunks).strip()


def main():
    env = dict(os.environ)
    instance_key = read_instance_key(env.get('LOCALFAAS_INSTANCE_KEY_FD'))
    for name in INTERNAL_ENV:
        os.environ.pop(name, None)
    output.install()
    logs.install()
    if env.get('FC_STANDALONE'):
        logs.runtime_error('FC_STANDALONE is not supported by the python3 runtime yet (faas export knative runs nodejs18 '
                           'and java17 functions)')
        sys.exit(2)
    if not instance_key:
        logs.runtime_error('no instance key: start the runtime through launcher.sh with LOCALFAAS_INSTANCE_KEY set '
                           '(PROTOCOL.md §1a); without one every call would be refused')
        sys.exit(2)
    try:
        port = int(env.get('FC_SERVER_PORT', ''))
        if not 0 <= port <= 65535:
            raise ValueError(port)
    except ValueError:
        logs.runtime_error('FC_SERVER_PORT must be a port number, got: %s' % env.get('FC_SERVER_PORT'))
        sys.exit(2)
    config = function_config(env, env.get('FC_SERVER_HOST') or '127.0.0.1', port, instance_key)
    # A stem cell (PROTOCOL.md §10) has no function yet: /specialise gives it one.
    stem_cell = env.get('LOCALFAAS_STEM_CELL') == '1'
    if not stem_cell:
        enter_code_dir(config)
    serve(config, env, stem_cell)


if __name__ == '__main__':
    main()
