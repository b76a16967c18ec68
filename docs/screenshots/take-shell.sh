#!/bin/sh
# Screenshots of the window shell (profiles, editor, drop feedback, settings, dark theme) on the
# real engine, under Xvfb. Needs: a running dockerd, the local base image slipway-test/busybox:1,
# xvfb-run and ImageMagick's import. Writes docs/screenshots/*.png.
#   docs/screenshots/take-shell.sh
set -eu
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
docker image inspect slipway-test/busybox:1 >/dev/null 2>&1 || {
  echo "slipway-test/busybox:1 is missing: import it first (see MainWindowIT.ensureBaseImage)" >&2
  exit 1
}
home=$(mktemp -d /tmp/slipway-shots.XXXXXX)
# The sample profiles' images are removed afterwards (the engine may be shared).
trap 'rm -rf "$home"; docker rmi -f api-server:latest registry.example.com/team/api-server:1.4 \
  web:latest >/dev/null 2>&1 || true' EXIT
./mvnw -B -q -o -pl app -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile="$home/cp-\${project.artifactId}.txt"
cp="app/target/test-classes:app/target/classes:$(cat "$home/cp-slipway-app.txt")"
java -Duser.home="$home" -cp "$cp" 'io.slipway.app.main.ShellScreenshots$Prepare' "$home"
# One window filling a 1280x800 screen; no window manager, so no decorations.
HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" \
  xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
  java -Duser.home="$home" -Dprism.order=sw -Dslipway.theme=light -cp "$cp" \
  io.slipway.app.main.ShellScreenshots "$repo/docs/screenshots"
