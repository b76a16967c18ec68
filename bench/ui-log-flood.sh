#!/usr/bin/env bash
# Issue 5's speed targets for the build view, in a real window under Xvfb (run by hand; not part of
# the tests). Software rendering (-Dprism.order=sw), as on a machine without a GPU.
#   flood:    a live build prints LINES log lines (1,000,000) into the build view, paced at RATE
#             lines/s (0: as fast as the producer can). Reports the FX pulse, the per-pulse snapshot
#             hand-over, a runLater probe's latency, frame intervals, the heap (the JVM is capped at
#             512 MB), whether every line is kept, and the history save/reopen of that build.
#   timeline: a finished 1,000-vertex BuildKit-shaped build, scrolled and zoomed every frame for
#             600 frames. Reports frame intervals and the canvas's paint time.
# Usage: bench/ui-log-flood.sh [flood [LINES [RATE]] | timeline [ROWS]]
#   e.g. bench/ui-log-flood.sh flood 1000000 100000;  bench/ui-log-flood.sh timeline 1000
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
out="$here/app/target/ui-bench"
mkdir -p "$out"
./mvnw -B -q -pl app -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$out/classpath.txt" -Dmdep.includeScope=test
cp="app/target/classes:app/target/test-classes:$(cat "$out/classpath.txt")"
run=(java -Xmx512m -Dprism.order=sw -cp "$cp" io.slipway.app.bench.UiBenchMain "${@:-flood}")
if [[ -n "${DISPLAY:-}" ]]; then
  exec "${run[@]}"
fi
exec xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" "${run[@]}"
