#!/bin/sh
# localfaas nodejs18 runtime launcher (the image's CMD; the process backend runs it too).
# The instance key (PROTOCOL.md §1a) arrives in LOCALFAAS_INSTANCE_KEY: it is removed from the environment, so that
# neither process.env nor /proc/self/environ of the runtime shows it, and handed to the bootstrap on a pipe (fd 3),
# which the bootstrap reads and closes before any user code loads.
#   LOCALFAAS_NODE   the node binary (default: node on the PATH); arguments are passed to node.
KEY="${LOCALFAAS_INSTANCE_KEY-}"
unset LOCALFAAS_INSTANCE_KEY
LOCALFAAS_INSTANCE_KEY_FD=3
export LOCALFAAS_INSTANCE_KEY_FD
exec "${LOCALFAAS_NODE:-node}" "$@" "${FC_SERVER_PATH:-/var/fc/runtime/nodejs18}/bootstrap.js" 3<<EOT
$KEY
EOT
