# Sourced by bench scripts: starts the bench platform (bench/lib/platform.yaml) as a child process and stops it on exit.
# After platform_start: $GW (http://127.0.0.1:PORT), $ADMIN_TOKEN, $FAAS (the command to run faas subcommands).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAR="$ROOT/app/target/localfaas.jar"
ADMIN_TOKEN=bench-admin-token-0123456789abcdef
FAAS="java -jar $JAR"
PLATFORM_PID=""

platform_stop() {
  if [ -n "$PLATFORM_PID" ] && kill -0 "$PLATFORM_PID" 2>/dev/null; then
    kill -TERM "$PLATFORM_PID"; wait "$PLATFORM_PID" 2>/dev/null || true
  fi
  PLATFORM_PID=""
}

platform_start() {
  [ -f "$JAR" ] || (cd "$ROOT" && mvn -B -q -Dstyle.color=never -DskipTests package -pl app -am) || { echo "bench: the build failed" >&2; exit 1; }
  PLATFORM_OUT=$(mktemp)
  java -jar "$JAR" up "$ROOT/bench/lib/platform.yaml" >"$PLATFORM_OUT" 2>"$PLATFORM_OUT.err" &
  PLATFORM_PID=$!
  trap platform_stop EXIT
  for _ in $(seq 1 600); do
    GW=$(sed -n 's/^listening on \(http[^ ]*\).*/\1/p' "$PLATFORM_OUT")
    [ -n "$GW" ] && break
    kill -0 "$PLATFORM_PID" 2>/dev/null || { cat "$PLATFORM_OUT.err" >&2; exit 1; }
    sleep 0.1
  done
  [ -n "$GW" ] || { echo "bench: the platform did not start within 60 s" >&2; exit 1; }
  # Wait (bounded) until both reserved instances answer.
  for _ in $(seq 1 300); do
    curl -sf -o /dev/null "$GW/hello" && curl -sf -o /dev/null -X POST "$GW/2016-08-15/services/bench/functions/event/invocations" && return 0
    sleep 0.2
  done
  echo "bench: the functions did not answer within 60 s" >&2; exit 1
}

# The load average as uptime prints it.
loadavg() { uptime | sed 's/.*load average: //'; }
