#!/usr/bin/env bash
# The issue-3 speed figures, measured with the ORIGINAL MetaQ 1.4.6.2 Java client against our broker.
#
#   mq-bench/legacy-bench.sh                         # FLUSH=group STORE=file
#   FLUSH=interval mq-bench/legacy-bench.sh
#   STORE=mmap FLUSH=group mq-bench/legacy-bench.sh
#   BROKER_JAVA_OPTS='-XX:StartFlightRecording=filename=/tmp/b.jfr,settings=profile,dumponexit=true' \
#     KEEP=1 mq-bench/legacy-bench.sh               # profile the broker; KEEP=1 keeps its temp dir (logs)
#
# Steps: build what is needed (unless already built and up to date), compute the broker's run-time class
# path (mq-distribution: mq-broker + the file and mmap stores + the netty transport + logback), write a
# temporary broker.yaml (embedded ZooKeeper and broker both on free ports of 127.0.0.1, topic `bench` with
# 4 partitions, store provider $STORE, flush mode $FLUSH), start BrokerMain in the background, wait for its
# ready line, then run the original client through mq-it-legacy-client's driver:
#   produce  bench-produce  $N_PRODUCE (200,000) x $SIZE (1024 B), $THREADS (16) threads of synchronous
#            sendMessage: the issue-3 producer figure
#   fill     the same again ($N_FILL, 200,000 more), so that the topic holds 400,000 (+2 warm-up) messages;
#            its figures are printed too (a second produce sample, on a topic that is no longer empty)
#   consume  bench-consume  $N_CONSUME (400,000) messages from offset 0, one fresh consumer group
# Figures are printed as <phase>.<name>=<value>. The broker is stopped by its PID (SIGTERM, then SIGKILL
# after 30 s) and its temp dir deleted on any exit.
#
# Environment: STORE [file|mmap], FLUSH [group|interval], N_PRODUCE [200000], N_FILL [200000],
# N_CONSUME [400000], SIZE [1024], THREADS [16], BROKER_HEAP [-Xms1g -Xmx1g], BROKER_JAVA_OPTS [],
# CLIENT_JAVA_OPTS [-Xmx1g], CONSUME_OPTS [] (extra bench-consume options, e.g. "--fetch-runners 4"),
# PHASE_TIMEOUT_MS [600000], BUILD [auto|always|never], BENCH_TMP [$TMPDIR or /tmp], KEEP [0].
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

STORE="${STORE:-file}"
FLUSH="${FLUSH:-group}"
N_PRODUCE="${N_PRODUCE:-200000}"
N_FILL="${N_FILL:-200000}"
N_CONSUME="${N_CONSUME:-400000}"
SIZE="${SIZE:-1024}"
THREADS="${THREADS:-16}"
BROKER_HEAP="${BROKER_HEAP:--Xms1g -Xmx1g}"
BROKER_JAVA_OPTS="${BROKER_JAVA_OPTS:-}"
CLIENT_JAVA_OPTS="${CLIENT_JAVA_OPTS:--Xmx1g}"
CONSUME_OPTS="${CONSUME_OPTS:-}"
PHASE_TIMEOUT_MS="${PHASE_TIMEOUT_MS:-600000}"
BUILD="${BUILD:-auto}"
KEEP="${KEEP:-0}"
case "$STORE" in file|mmap) ;; *) echo "STORE must be file or mmap, got '$STORE'" >&2; exit 2 ;; esac
case "$FLUSH" in group|interval) ;; *) echo "FLUSH must be group or interval, got '$FLUSH'" >&2; exit 2 ;; esac

log() { echo "[legacy-bench $(date +%T)] $*" >&2; }

# ---- build -------------------------------------------------------------------------------------------
CACHE="$ROOT/mq-bench/target/legacy-bench"
BROKER_CP_FILE="$CACHE/broker-classpath.txt"
LEGACY_CP_FILE="$ROOT/mq-it-legacy-client/target/legacy-classpath.txt"
LEGACY_CLASSES="$ROOT/mq-it-legacy-client/target/classes"
MODULES="mq-api mq-store-core mq-store-file mq-store-mmap mq-transport-netty mq-broker mq-it-legacy-client"
needs_build() {
  [ "$BUILD" = "always" ] && return 0
  [ "$BUILD" = "never" ] && return 1
  [ -s "$BROKER_CP_FILE" ] && [ -s "$LEGACY_CP_FILE" ] && [ -f "$LEGACY_CLASSES/io/metaq/it/legacy/BenchProduceCommand.class" ] || return 0
  local m
  for m in $MODULES; do
    [ -n "$(find "$m/src/main" "$m/pom.xml" -newer "$BROKER_CP_FILE" -print -quit 2>/dev/null)" ] && return 0
  done
  [ pom.xml -nt "$BROKER_CP_FILE" ] && return 0
  return 1
}
if needs_build; then
  log "building mq-broker, stores, netty transport and mq-it-legacy-client (mvn install -pl ... -am)"
  mvn -q -B -ntp -DskipTests install -pl mq-broker,mq-store-file,mq-store-mmap,mq-transport-netty,mq-it-legacy-client -am
  mkdir -p "$CACHE"
  # The broker's run-time class path as a deployment has it: mq-distribution's dependencies (runtime scope).
  mvn -q -B -ntp dependency:build-classpath -pl mq-distribution -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$BROKER_CP_FILE.tmp"
  mv "$BROKER_CP_FILE.tmp" "$BROKER_CP_FILE"
else
  log "reusing the build (BUILD=always to force one)"
fi
BROKER_CP="$(cat "$BROKER_CP_FILE")"
CLIENT_CP="$LEGACY_CLASSES:$(cat "$LEGACY_CP_FILE")"

# ---- broker ------------------------------------------------------------------------------------------
WORK="$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/metaq-legacy-bench.XXXXXX")"
BROKER_PID=""
cleanup() {
  local rc=$?
  if [ -n "$BROKER_PID" ] && kill -0 "$BROKER_PID" 2>/dev/null; then
    kill -TERM "$BROKER_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$BROKER_PID" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$BROKER_PID" 2>/dev/null; then
      log "broker $BROKER_PID did not stop within 30 s; SIGKILL"
      kill -KILL "$BROKER_PID" 2>/dev/null || true
    fi
    wait "$BROKER_PID" 2>/dev/null || true
  fi
  if [ "$KEEP" = "1" ]; then
    log "kept $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$WORK/conf" "$WORK/logs"
cat > "$WORK/conf/broker.yaml" <<EOF
broker: {id: 0, host: 127.0.0.1, port: 0, dataDir: data}
zookeeper: {connect: embedded, embeddedPort: 0}
store: {provider: $STORE}
transport: {provider: netty}
autoCreateTopics: false
topics:
  bench: {partitions: 4, flush: $FLUSH}
EOF

log "starting the broker: STORE=$STORE FLUSH=$FLUSH dir=$WORK"
# shellcheck disable=SC2086
java $BROKER_HEAP $BROKER_JAVA_OPTS \
  -Dlogback.configurationFile="$ROOT/mq-distribution/src/main/conf/logback.xml" -Dmetaq.logs="$WORK/logs" \
  -cp "$BROKER_CP" io.metaq.broker.BrokerMain --config "$WORK/conf/broker.yaml" \
  > "$WORK/logs/console.out" 2> "$WORK/logs/console.err" < /dev/null &
BROKER_PID=$!
for _ in $(seq 1 240); do
  grep -q "ready on" "$WORK/logs/console.out" 2>/dev/null && break
  if ! kill -0 "$BROKER_PID" 2>/dev/null; then
    log "the broker exited before it was ready:"; cat "$WORK/logs/console.out" "$WORK/logs/console.err" >&2; exit 1
  fi
  sleep 0.25
done
READY="$(grep -m1 "ready on" "$WORK/logs/console.out" || true)"
[ -n "$READY" ] || { log "no ready line after 60 s:"; cat "$WORK/logs/console.err" >&2; exit 1; }
ZK="$(sed -n 's/.*(zookeeper \([^)]*\)).*/\1/p' <<< "$READY")"
log "$READY"

# ---- phases ------------------------------------------------------------------------------------------
client() {  # phase command options...: runs the driver, prefixes its name=value lines with the phase
  local phase="$1"; shift
  local out="$WORK/logs/$phase.out" rc=0
  # shellcheck disable=SC2086
  java $CLIENT_JAVA_OPTS -cp "$CLIENT_CP" io.metaq.it.legacy.LegacyClientMain "$@" \
    --zk "$ZK" --timeout-ms "$PHASE_TIMEOUT_MS" > "$out" 2> "$WORK/logs/$phase.err" < /dev/null || rc=$?
  grep -E '^[a-z_0-9]+=' "$out" | sed "s/^/$phase./" || true
  if [ "$rc" -ne 0 ]; then
    log "$phase exited $rc:"; grep -v -E '^[a-z_0-9]+=' "$out" >&2 || true; tail -20 "$WORK/logs/$phase.err" >&2
    return "$rc"
  fi
}

echo "legacy-bench.store=$STORE"
echo "legacy-bench.flush=$FLUSH"
echo "legacy-bench.load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
client produce bench-produce --topic bench --count "$N_PRODUCE" --size "$SIZE" --threads "$THREADS"
if [ "$N_FILL" -gt 0 ]; then
  client fill bench-produce --topic bench --count "$N_FILL" --size "$SIZE" --threads "$THREADS"
fi
# shellcheck disable=SC2086
client consume bench-consume --topic bench --group "bench-$(date +%s)-$$" --count "$N_CONSUME" $CONSUME_OPTS
echo "legacy-bench.load_after=$(cut -d' ' -f1-3 /proc/loadavg)"
