#!/usr/bin/env bash
# Builds MetaQ (if needed), starts a broker with the embedded ZooKeeper and the default modules, and
# shows a message going through it: one put and one get in the MetaQ text protocol on a plain socket.
# The broker keeps running in the foreground of this script's output; Ctrl-C stops it cleanly.
#   QUICKSTART_EXIT=1 ./quickstart.sh   stops the broker after the demonstration instead.
set -euo pipefail
cd "$(dirname "$0")"
HOME_DIR="$PWD/quickstart"
mkdir -p "$HOME_DIR/conf" "$HOME_DIR/logs"

if [ ! -f mq-distribution/target/classpath.txt ] || [ -n "$(find mq-*/src pom.xml -newer mq-distribution/target/classpath.txt -print -quit 2>/dev/null)" ]; then
  echo "building MetaQ (first run takes a few minutes)..."
  mvn -q -B -ntp -DskipTests install
  mvn -q -B -ntp dependency:build-classpath -pl mq-distribution -Dmdep.includeScope=runtime -Dmdep.outputFile=target/classpath.txt
fi
[ -f "$HOME_DIR/conf/broker.yaml" ] || cp mq-distribution/src/main/conf/broker.yaml "$HOME_DIR/conf/broker.yaml"
[ -f "$HOME_DIR/conf/logback.xml" ] || cp mq-distribution/src/main/conf/logback.xml "$HOME_DIR/conf/logback.xml"

OUT="$HOME_DIR/logs/console.out"
java -Dlogback.configurationFile="$HOME_DIR/conf/logback.xml" -Dmetaq.logs="$HOME_DIR/logs" \
  -cp "$(cat mq-distribution/target/classpath.txt)" io.metaq.broker.BrokerMain --config "$HOME_DIR/conf/broker.yaml" \
  > "$OUT" 2>&1 &
PID=$!
stop() { kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true; }
trap stop EXIT INT TERM

for _ in $(seq 1 120); do
  grep -q "ready on" "$OUT" 2>/dev/null && break
  kill -0 "$PID" 2>/dev/null || { echo "broker failed to start:"; cat "$OUT"; exit 1; }
  sleep 0.5
done
grep "ready on" "$OUT" || { echo "broker not ready after 60 s:"; cat "$OUT"; exit 1; }
PORT=$(sed -n 's/.*ready on [0-9.]*:\([0-9]*\).*/\1/p' "$OUT" | head -1)

exec 3<>"/dev/tcp/127.0.0.1/$PORT"
MSG="hello from quickstart $(date +%T)"
# put <topic> <partition> <bodyLen> <flag> <opaque> (checksum omitted: the broker computes it)
printf 'put quickstart 0 %d 0 1\r\n%s' "${#MSG}" "$MSG" >&3
IFS= read -r -t 10 ACK_HEAD <&3; read -r -t 10 -N "$(echo "$ACK_HEAD" | awk '{print $3}' | tr -d '\r')" ACK <&3
echo "sent:     '$MSG' -> ${ACK_HEAD%$'\r'} / id partition offset = $ACK"
OFFSET=$(echo "$ACK" | awk '{print $3}')
printf 'get quickstart demo 0 %s 65536 2\r\n' "$OFFSET" >&3
IFS= read -r -t 10 VALUE_HEAD <&3
LEN=$(echo "$VALUE_HEAD" | awk '{print $2}')
# the value is the stored record: a 20-byte header, then the message
RECORD=$(head -c "$LEN" <&3 | tail -c +21)
echo "received: '$RECORD' (${VALUE_HEAD%$'\r'})"
exec 3>&-

if [ "${QUICKSTART_EXIT:-0}" = "1" ]; then
  exit 0
fi
echo "broker running on 127.0.0.1:$PORT (logs: $HOME_DIR/logs); Ctrl-C to stop"
wait "$PID"
