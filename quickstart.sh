#!/usr/bin/env bash
# Builds the MetaQ distribution (if needed), unpacks it into ./quickstart/, starts a broker with the
# embedded ZooKeeper and the default modules (bin/metaq start), creates a topic, produces a message and
# consumes it back with bin/metaq-admin. The broker keeps running afterwards (127.0.0.1:8123, ZooKeeper
# 127.0.0.1:2181); the last lines printed say how to use and stop it.
#   QUICKSTART_EXIT=1 ./quickstart.sh   stops the broker after the demonstration.
set -euo pipefail
cd "$(dirname "$0")"

ARCHIVE=$(ls mq-distribution/target/metaq-*-bin.tar.gz 2>/dev/null | head -1 || true)
if [ -z "$ARCHIVE" ] || [ -n "$(find mq-*/src mq-*/pom.xml pom.xml -newer "$ARCHIVE" -print -quit 2>/dev/null)" ]; then
  echo "building the MetaQ distribution (the first build downloads dependencies and takes a few minutes)..."
  mvn -q -B -ntp -DskipTests install
  ARCHIVE=$(ls mq-distribution/target/metaq-*-bin.tar.gz | head -1)
fi
NAME=$(basename "$ARCHIVE" -bin.tar.gz)
HOME_DIR="$PWD/quickstart/$NAME"
mkdir -p quickstart
if [ -x "$HOME_DIR/bin/metaq" ] && "$HOME_DIR/bin/metaq" status >/dev/null 2>&1; then
  "$HOME_DIR/bin/metaq" stop          # a broker of an earlier quickstart: restart it on the new build
fi
# Unpack over the previous install: lib/ and bin/ are replaced, data/ and logs/ are kept.
rm -rf "$HOME_DIR/lib" "$HOME_DIR/bin"
tar xzf "$ARCHIVE" -C quickstart

"$HOME_DIR/bin/metaq" start
ADMIN="$HOME_DIR/bin/metaq-admin"
"$ADMIN" topics create quickstart --partitions 4
MSG="hello from quickstart $(date +%T)"
echo "producing: '$MSG'"
echo "$MSG" | "$ADMIN" produce --topic quickstart
echo "consuming (group quickstart-demo, from the beginning):"
"$ADMIN" consume --topic quickstart --group quickstart-demo --from-beginning --max-messages 1 --print-offsets
"$ADMIN" groups describe quickstart-demo

if [ "${QUICKSTART_EXIT:-0}" = "1" ]; then
  "$HOME_DIR/bin/metaq" stop
else
  cat <<EOF

The broker keeps running: $HOME_DIR (logs in logs/, data in data/).
  $HOME_DIR/bin/metaq-admin --help           topics, groups, produce, consume, stats, bench
  $HOME_DIR/bin/metaq status | stop | restart
EOF
fi
