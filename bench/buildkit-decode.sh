#!/usr/bin/env bash
# Benchmark of the BuildKit progress decoder (run by hand; not part of the tests): trace lines per
# second on one core, for a RUN printing 100,000 lines (the target is at least 50,000 lines/s).
# The stream is synthesized in dockerd 20.10's exact format (BuildKitDecodeBench): a real one
# cannot be recorded, because BuildKit clips a step's output at 200 KiB/s ("[output clipped, log
# limit 200KiB/s reached]"), about 35,000 short lines. Two shapes are timed: 4 KiB chunks, one per
# message (a fast writer, as the daemon sends it), and one line per message (a slow writer).
# Usage: bench/buildkit-decode.sh [LINES] [OUT-DIR]   (OUT-DIR: also keep the synthesized streams)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
lines=${1:-100000}
./mvnw -B -q -pl core test-compile
cp_file="$here/core/target/bench.classpath"
./mvnw -B -q -pl core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
classpath="core/target/classes:core/target/test-classes:$(cat "$cp_file")"
# One core for everything the JVM does (JIT and GC included), where taskset exists.
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)
exec "${pin[@]}" java -Xms256m -Xmx256m -cp "$classpath" \
  io.slipway.core.build.buildkit.BuildKitDecodeBench "$lines" ${2:+"$2"}
