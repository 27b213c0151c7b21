#!/bin/sh
# localfaas python3 runtime launcher (the image's CMD; the process backend runs it too).
# The instance key (PROTOCOL.md §1a) arrives in LOCALFAAS_INSTANCE_KEY: it is removed from the environment, so that
# neither os.environ nor /proc/self/environ of the runtime shows it, and handed to the bootstrap on a pipe (fd 3),
# which the bootstrap reads and closes before any user code loads.
#   launcher.sh [PYTHON]   PYTHON: the interpreter (default: python3 on the PATH)
KEY="${LOCALFAAS_INSTANCE_KEY-}"
unset LOCALFAAS_INSTANCE_KEY
LOCALFAAS_INSTANCE_KEY_FD=3
export LOCALFAAS_INSTANCE_KEY_FD
exec "${1:-python3}" "${FC_SERVER_PATH:-/var/fc/runtime/python3}/bootstrap.py" 3<<EOT
$KEY
EOT
