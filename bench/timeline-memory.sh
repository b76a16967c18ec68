#!/usr/bin/env bash
# Memory benchmark of the build timeline (run by hand; not part of the tests).
# Feeds a BuildTimeline a build whose RUN prints N log lines of about 80 bytes and reports what the
# timeline retains (object graph with exact sizes from an Instrumentation agent, and heap in use
# after GC) against the size of the text, beside what keeping the events would cost.
# Usage: bench/timeline-memory.sh [LINES (100000)] [PARALLEL_STEPS (1)]
#   PARALLEL_STEPS > 1: that many RUN steps print in turns, line by line (worst case for the
#   per-row line runs).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
out="$here/core/target/timeline-bench"
mkdir -p "$out"
./mvnw -B -q -pl core test-compile dependency:build-classpath \
  -Dmdep.outputFile="$out/classpath.txt" -Dmdep.includeScope=test
cp="core/target/classes:core/target/test-classes:$(cat "$out/classpath.txt")"
# A manifest-only agent jar: its Premain-Class is the benchmark itself, found on the class path.
printf 'Premain-Class: io.slipway.core.timeline.TimelineMemoryBench\n' >"$out/manifest.txt"
jar cfm "$out/size-agent.jar" "$out/manifest.txt"
exec java -Xms1g -Xmx1g -XX:+UseSerialGC -javaagent:"$out/size-agent.jar" \
  --add-opens java.base/java.lang=ALL-UNNAMED \
  --add-opens java.base/java.util=ALL-UNNAMED \
  --add-opens java.base/java.time=ALL-UNNAMED \
  -cp "$cp" io.slipway.core.timeline.TimelineMemoryBench "${1:-100000}" "${2:-1}"
