#!/bin/sh
# localfaas java17 runtime launcher: starts the bootstrap with the JVM flags that won bench/java-start
# (bench/RESULTS.md). Heap as FC sizes it: -Xmx 90 % / -Xms 30 % of FC_MEMORY_SIZE (MB).
#   launcher.sh            serve (the image's CMD)
#   launcher.sh --train    the image build's class-data-sharing training run: writes bootstrap.jsa
# LOCALFAAS_JVM_FLAGS, when set, replaces the tuned flags (benchmarks and experiments); the heap flags stay.
# The instance key (PROTOCOL.md §1a) arrives in LOCALFAAS_INSTANCE_KEY: it is removed from the environment (a JVM
# cannot unset its own, and /proc/self/environ would show it to user code) and handed to the bootstrap on a pipe
# (fd 3), which the bootstrap reads to its end before any user code loads.
DIR="${FC_SERVER_PATH:-/var/fc/runtime/java17}"
MEM="${FC_MEMORY_SIZE:-${FC_FUNCTION_MEMORY_SIZE:-128}}"
case "$MEM" in ''|*[!0-9]*) MEM=128 ;; esac
HEAP="-Xmx$((MEM * 90 / 100))m -Xms$((MEM * 30 / 100))m"
TUNED="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xshare:auto -XX:SharedArchiveFile=$DIR/bootstrap.jsa"
COMMON="-Dfile.encoding=UTF-8 -Dsun.jnu.encoding=UTF-8 -cp $DIR/bootstrap.jar"
if [ "$1" = "--train" ]; then
  exec java $HEAP -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -XX:ArchiveClassesAtExit="$DIR/bootstrap.jsa" \
    $COMMON io.localfaas.runtime.java17.Training
fi
# A stem cell (PROTOCOL.md §10) learns its function's environment after the JVM started: the bootstrap sets it in the
# JVM's own environment map, which these packages are opened for (stem cells only; a booted instance has neither).
STEM=""
if [ "${LOCALFAAS_STEM_CELL-}" = "1" ]; then
  STEM="-Dlocalfaas.stemCell=true --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.util=ALL-UNNAMED"
fi
unset LOCALFAAS_STEM_CELL
KEY="${LOCALFAAS_INSTANCE_KEY-}"
unset LOCALFAAS_INSTANCE_KEY
LOCALFAAS_INSTANCE_KEY_FD=3
export LOCALFAAS_INSTANCE_KEY_FD
exec java $HEAP ${LOCALFAAS_JVM_FLAGS-$TUNED} $STEM $COMMON io.localfaas.runtime.java17.Main 3<<EOT
$KEY
EOT
