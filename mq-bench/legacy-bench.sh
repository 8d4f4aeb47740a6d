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
# FLUSH_THREADS [broker default, 2] (store.flushThreads), CLIENT_JAVA_OPTS [-Xmx1g], CONSUME_OPTS [] (extra bench-consume options, e.g. "--fetch-runners 4"),
# PHASE_TIMEOUT_MS [600000], BUILD [auto|always|never], BENCH_TMP [$TMPDIR or /tmp], KEEP [0],
# SYSSTAT [0]: 1 adds per phase the broker's syscall counts (perf stat on syscall tracepoints, attached to
# the broker's PID: <phase>.sys.fdatasync=..., fsync, pwrite64, write, writev, sendfile64, futex) and the
# sectors written to the disk holding the data (<phase>.disk_write_mib, from /proc/diskstats: shared with
# anything else writing to that disk). Every phase also prints <phase>.broker_cpu_s, the broker's CPU
# seconds during the phase (from /proc/<pid>/stat), next to the driver's own client_cpu_s; with SYSSTAT=1
# also per broker thread group (names with digits as N) <phase>.thread.<name>=<cpu s>/<of which sys s>.
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
SYSSTAT="${SYSSTAT:-0}"
FLUSH_THREADS="${FLUSH_THREADS:-}"
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
  mvn -q -B -ntp -DskipTests install -pl mq-broker,mq-store-file,mq-store-mmap,mq-transport-netty,mq-it-legacy-client -am >&2
  mkdir -p "$CACHE"
  # The broker's run-time class path as a deployment has it: mq-distribution's dependencies (runtime scope).
  mvn -q -B -ntp dependency:build-classpath -pl mq-distribution -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$BROKER_CP_FILE.tmp" >&2
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
store: {provider: $STORE${FLUSH_THREADS:+, flushThreads: $FLUSH_THREADS}}
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
DISK="$(basename "$(df --output=source "$WORK" | tail -1)")"
disk_sectors_written() { awk -v d="$DISK" '$3 == d { print $10 }' /proc/diskstats; }
CLK_TCK="$(getconf CLK_TCK)"
broker_cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$BROKER_PID/stat"; }  # utime + stime
thread_cpu() {  # one line per broker thread: tid, name with digits as N, utime+stime ticks, stime ticks
  local t stat name
  for t in /proc/"$BROKER_PID"/task/*; do
    stat="$(cat "$t/stat" 2>/dev/null)" || continue
    name="$(tr -d ' ' < "$t/comm" 2>/dev/null | sed 's/[0-9][0-9]*/N/g')" || continue
    set -- ${stat##*) }
    echo "${t##*/} ${name:-?} $(( ${12} + ${13} )) ${13}"
  done
}
SYSCALLS="fdatasync fsync pwrite64 write writev sendfile64 futex"
client() {  # phase command options...: runs the driver, prefixes its name=value lines with the phase
  local phase="$1"; shift
  local out="$WORK/logs/$phase.out" rc=0 perf_pid="" sectors0="" ev events="" ticks0
  ticks0="$(broker_cpu_ticks)"
  if [ "$SYSSTAT" = "1" ]; then
    for ev in $SYSCALLS; do events="$events${events:+,}syscalls:sys_enter_$ev"; done
    perf stat -x, -e "$events" -p "$BROKER_PID" -o "$WORK/logs/$phase.perf" 2>/dev/null &
    perf_pid=$!
    sectors0="$(disk_sectors_written)"
    thread_cpu > "$WORK/logs/$phase.threads0"
  fi
  # shellcheck disable=SC2086
  java $CLIENT_JAVA_OPTS -cp "$CLIENT_CP" io.metaq.it.legacy.LegacyClientMain "$@" \
    --zk "$ZK" --timeout-ms "$PHASE_TIMEOUT_MS" > "$out" 2> "$WORK/logs/$phase.err" < /dev/null || rc=$?
  grep -E '^[a-z_0-9]+=' "$out" | sed "s/^/$phase./" || true
  # CPU seconds the broker used during the phase (client JVM start-up and warm-up included)
  echo "$phase.broker_cpu_s=$(awk -v a="$ticks0" -v b="$(broker_cpu_ticks)" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", (b - a) / hz }')"
  if [ -n "$perf_pid" ]; then
    kill -INT "$perf_pid" 2>/dev/null || true
    wait "$perf_pid" 2>/dev/null || true
    awk -F, -v p="$phase" '$3 ~ /sys_enter_/ { sub(/.*sys_enter_/, "", $3); print p ".sys." $3 "=" $1 }' \
      "$WORK/logs/$phase.perf" || true
    # broker CPU per thread group over the phase: <phase>.thread.<name>=<cpu s>/<of which sys s>
    thread_cpu > "$WORK/logs/$phase.threads1"
    awk -v p="$phase" -v hz="$CLK_TCK" 'NR == FNR { c0[$1] = $3; s0[$1] = $4; next }
      { c[$2] += $3 - c0[$1]; s[$2] += $4 - s0[$1] }
      END { for (n in c) if (c[n] > 0) printf "%s.thread.%s=%.2f/%.2f\n", p, n, c[n] / hz, s[n] / hz }' \
      "$WORK/logs/$phase.threads0" "$WORK/logs/$phase.threads1" | sort -t= -k2 -rn
    if [ -n "$sectors0" ]; then
      echo "$phase.disk_write_mib=$(( ($(disk_sectors_written) - sectors0) / 2048 ))"
    fi
  fi
  if [ "$rc" -ne 0 ]; then
    log "$phase exited $rc:"; grep -v -E '^[a-z_0-9]+=' "$out" >&2 || true; tail -20 "$WORK/logs/$phase.err" >&2
    return "$rc"
  fi
}

echo "legacy-bench.store=$STORE"
echo "legacy-bench.flush=$FLUSH"
[ -z "$FLUSH_THREADS" ] || echo "legacy-bench.flush_threads=$FLUSH_THREADS"
echo "legacy-bench.load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
client produce bench-produce --topic bench --count "$N_PRODUCE" --size "$SIZE" --threads "$THREADS"
if [ "$N_FILL" -gt 0 ]; then
  client fill bench-produce --topic bench --count "$N_FILL" --size "$SIZE" --threads "$THREADS"
fi
# shellcheck disable=SC2086
client consume bench-consume --topic bench --group "bench-$(date +%s)-$$" --count "$N_CONSUME" $CONSUME_OPTS
echo "legacy-bench.load_after=$(cut -d' ' -f1-3 /proc/loadavg)"
