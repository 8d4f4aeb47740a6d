#!/usr/bin/env bash
# The end-to-end load tool: ./load.sh produce|consume|e2e [options]   (./load.sh --help, ./load.sh e2e --help)
# Build it first: cd .. && mvn -B -pl mq-bench -am package -DskipTests
set -euo pipefail
cd "$(dirname "$0")"
exec java -Xms1g -Xmx1g -XX:+UseParallelGC -jar target/metaq-load.jar "$@"
