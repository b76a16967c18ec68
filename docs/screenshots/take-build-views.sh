#!/usr/bin/env bash
# Screenshots of the build view, the history and the comparison, from real builds on the Docker
# engine (BuildKit by default; the local base image slipway-test/busybox:1, nothing pulled), in a
# real window under Xvfb. Writes build-view.png, build-failed.png, history.png and compare.png
# (and *-dark.png with "dark") into docs/screenshots/. Look at them before committing.
# Usage: docs/screenshots/take-build-views.sh [light|dark]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
cd "$here"
out="$here/app/target/shots"
mkdir -p "$out"
./mvnw -B -q -pl app -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$out/classpath.txt" -Dmdep.includeScope=test
cp="app/target/classes:app/target/test-classes:$(cat "$out/classpath.txt")"
exec xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
  java -Dprism.order=sw -cp "$cp" io.slipway.app.shots.TakeBuildViewShots \
  "$here/docs/screenshots" "${1:-light}"
