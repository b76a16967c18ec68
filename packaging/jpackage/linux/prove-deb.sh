#!/usr/bin/env bash
# Proves the Linux installer on this machine, as root. CI's .ci/run runs it after the tests.
#  1. builds the .deb with the Maven profile (./mvnw package -Pinstaller -Dinstaller.types=deb);
#  2. installs it with dpkg -i (apt-get install -f only if a dependency is missing);
#  3. runs `slipway --version` from PATH, and `slipway engine` and a tiny build when an engine
#     answers (the base image CI imports: slipway-test/busybox:1);
#  4. starts the installed window (Slipway, with a Dockerfile argument as the desktop entry passes
#     it) under Xvfb, waits for it (bounded) and saves a screenshot;
#  5. measures the installer, the installed size and the start to a visible window (median of
#     runs; "cold" runs drop the page cache first, where the kernel allows it);
#  6. removes the package (dpkg --purge) and checks that nothing is left: no /opt/slipway, no
#     /usr/bin/slipway, no desktop entry, icon or MIME type, and no path at all that was not there
#     before the install.
# Writes installer-figures.txt, installed-window.png and installer-*.log to ARTIFACTS.
# Idempotent: a Slipway package already installed is purged first.
# Usage: packaging/jpackage/linux/prove-deb.sh [ARTIFACTS]   (default target/ci)
#        SLIPWAY_DEB=app/target/installer/slipway_0.1.0-1_amd64.deb prove-deb.sh   (no build)
set -euo pipefail
cd "$(dirname "$0")/../../.."
art=${1:-target/ci}
mkdir -p "$art"
art=$(cd "$art" && pwd)
log() { printf '[installer %(%H:%M:%S)T] %s\n' -1 "$*"; }
fail() {
  log "FAILED: $*"
  exit 1
}
[ "$(id -u)" = 0 ] || fail "run as root (dpkg -i)"

# Packages: jpackage's tools for a .deb, an X server and tools to find and shoot the window, and
# what the .deb depends on beyond what jpackage finds itself (so dpkg -i needs no download).
packages=(fakeroot binutils xvfb xauth x11-utils xdotool imagemagick curl
  libgtk-3-0 libgl1 libxtst6 libxxf86vm1 libfreetype6 libfontconfig1 libpango-1.0-0
  fonts-dejavu-core desktop-file-utils shared-mime-info hicolor-icon-theme)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if dpkg-query -W -f='${Status}' slipway 2>/dev/null | grep -q "ok installed\|config-files\|half"; then
  log "purging a Slipway package left from before"
  dpkg --purge slipway >/dev/null 2>&1
fi

# 1. Build (SLIPWAY_DEB=path: prove that .deb instead, built before).
if [ -n "${SLIPWAY_DEB:-}" ]; then
  deb=$SLIPWAY_DEB
  build_seconds="(not built here)"
else
  log "building the .deb"
  start=$(date +%s)
  ./mvnw -B -q package -Pinstaller -DskipTests -Dinstaller.types=deb >"$art/installer-build.log" 2>&1 ||
    {
      tail -40 "$art/installer-build.log"
      fail "the installer build failed (log: $art/installer-build.log)"
    }
  build_seconds="$(($(date +%s) - start)) s"
  deb=$(ls app/target/installer/slipway_*.deb)
  log "built $deb in $build_seconds"
fi

# 2. Install.
watched=(/opt /usr/bin /usr/share/applications /usr/share/icons/hicolor /usr/share/mime /usr/share/doc
  /var/lib/dpkg/info /etc)
snapshot() { find "${watched[@]}" -xdev 2>/dev/null | sort; }
snapshot >"$art/installer-paths-before.txt"
log "dpkg -i $deb"
if ! dpkg -i "$deb" >"$art/installer-dpkg.log" 2>&1; then
  log "dpkg -i needs dependencies: apt-get install -f"
  DEBIAN_FRONTEND=noninteractive apt-get install -f -y -qq >>"$art/installer-dpkg.log" 2>&1 ||
    fail "install failed (log: $art/installer-dpkg.log)"
fi
installed_kib=$(dpkg-query -W -f='${Installed-Size}' slipway)

# The links into /usr, and every native library of the install finds what it links to.
[ "$(command -v slipway)" = /usr/bin/slipway ] || fail "slipway is not on PATH as /usr/bin/slipway"
[ "$(readlink -f /usr/bin/slipway)" = /opt/slipway/bin/slipway ] || fail "/usr/bin/slipway points elsewhere"
for f in /usr/share/applications/io.slipway.Slipway.desktop \
  /usr/share/icons/hicolor/256x256/apps/io.slipway.Slipway.png \
  /usr/share/mime/packages/io.slipway.Slipway.xml /usr/share/mime/text/x-dockerfile.xml; do
  [ -e "$f" ] || fail "$f is missing after the install"
done
desktop-file-validate /usr/share/applications/io.slipway.Slipway.desktop || fail "invalid desktop entry"
unresolved=$(find /opt/slipway -name '*.so' -print0 |
  LD_LIBRARY_PATH=/opt/slipway/lib/runtime/lib:/opt/slipway/lib/runtime/lib/server xargs -0 ldd 2>/dev/null |
  grep 'not found' | sort -u || true)
[ -z "$unresolved" ] || fail "native libraries not found: $unresolved"

# 3. The command line from PATH.
start=$(date +%s%N)
version=$(slipway --version)
cli_ms=$((($(date +%s%N) - start) / 1000000))
log "slipway --version (${cli_ms} ms): $(echo "$version" | tr '\n' ' ')"
echo "$version" | grep -q '^slipway [0-9]' || fail "slipway --version printed: $version"

ctx=$(mktemp -d /tmp/slipway-proof.XXXXXX)
mkdir -p "$ctx/proof"
printf 'FROM slipway-test/busybox:1\nRUN echo installed slipway builds\n' >"$ctx/proof/Dockerfile"
if curl -fsS --max-time 3 --unix-socket /var/run/docker.sock http://localhost/_ping >/dev/null 2>&1; then
  slipway engine >"$art/installer-cli.log" 2>&1 || fail "slipway engine failed: $(cat "$art/installer-cli.log")"
  if docker image inspect slipway-test/busybox:1 >/dev/null 2>&1; then
    slipway build -t slipway-installer-proof:1 "$ctx/proof" >>"$art/installer-cli.log" 2>&1 ||
      fail "the installed slipway could not build (log: $art/installer-cli.log)"
    docker rmi -f slipway-installer-proof:1 >/dev/null 2>&1 || true
    log "the installed slipway built an image"
  fi
else
  log "no engine answers: slipway engine and build not tried"
fi

# 4. The installed window under Xvfb, on a display nobody uses.
display=
for n in $(seq 90 130); do
  if [ ! -e "/tmp/.X$n-lock" ] && [ ! -e "/tmp/.X11-unix/X$n" ]; then
    display=:$n
    break
  fi
done
[ -n "$display" ] || fail "no free X display"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$art/installer-xvfb.log" 2>&1 &
xvfb=$!
app=
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
  rm -rf "$ctx"
}
trap cleanup EXIT
export DISPLAY=$display
# Bounded, but patient: a loaded machine can take seconds to bring Xvfb up.
for _ in $(seq 1 300); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
xdpyinfo >/dev/null 2>&1 || fail "Xvfb $display did not start"

# Launches the installed window and waits (bounded: 30 s) for a visible window named Slipway:
# sets app (its pid), window (its id) and ms (the time from the launch until then).
time_to_window() {
  local t0 t1
  window=
  t0=$(date +%s%N)
  /opt/slipway/bin/Slipway "$@" >>"$art/installer-window.log" 2>&1 &
  app=$!
  for _ in $(seq 1 1500); do
    window=$(xdotool search --onlyvisible --name '^Slipway' 2>/dev/null | head -1 || true)
    [ -n "$window" ] && break
    kill -0 "$app" 2>/dev/null || break
    sleep 0.02
  done
  t1=$(date +%s%N)
  ms=$(((t1 - t0) / 1000000))
  [ -n "$window" ] || {
    tail -20 "$art/installer-window.log"
    fail "no Slipway window within 30 s"
  }
}
# Stops the window and waits until it has gone (so the next launch cannot find it).
stop_app() {
  kill "$app" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
  app=
  for _ in $(seq 1 250); do
    [ -z "$(xdotool search --name '^Slipway' 2>/dev/null || true)" ] && break
    sleep 0.02
  done
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

log "starting the installed window on $display"
time_to_window "$ctx/proof/Dockerfile"
log "window up after $ms ms"
sleep 3 # the folder, the engine status and the Dockerfile check settle
title=$(xdotool getwindowname "$window")
log "window title: $title"
[[ $title == *proof* ]] || fail "the window did not open the Dockerfile's folder: \"$title\""
xwininfo -root -tree | grep -i slipway >"$art/installer-windows.txt" || true
import -window root "$art/installed-window.png"
stop_app
log "screenshot: $art/installed-window.png"

# 5. Figures.
warm=()
for _ in 1 2 3 4 5; do
  time_to_window
  stop_app
  warm+=("$ms")
done
cold=()
if (sync && echo 3 >/proc/sys/vm/drop_caches) 2>/dev/null; then
  for _ in 1 2 3; do
    # Slipway's files stay out of the cache; the pause lets the rest of the machine read its own
    # back first, as on a desktop where an app is opened some time after boot.
    sync && echo 3 >/proc/sys/vm/drop_caches
    sleep 2
    time_to_window
    stop_app
    cold+=("$ms")
  done
fi
deb_bytes=$(stat -c %s "$deb")
{
  echo "installer: $(basename "$deb") $deb_bytes bytes ($((deb_bytes / 1000000)) MB; target <= 90 MB), build $build_seconds"
  echo "installed: $installed_kib KiB (dpkg Installed-Size), $(du -sm /opt/slipway | cut -f1) MiB in /opt/slipway"
  echo "start to a visible window, warm (ms): ${warm[*]} -> median $(printf '%s\n' "${warm[@]}" | median)"
  if ((${#cold[@]})); then
    echo "start to a visible window, cold, page cache dropped (ms): ${cold[*]} -> median $(printf '%s\n' "${cold[@]}" | median)"
  else
    echo "start to a visible window, cold: not measured (cannot drop the page cache here)"
  fi
  echo "slipway --version from PATH: $cli_ms ms"
  echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$art/installer-figures.txt"
((deb_bytes <= 90000000)) || fail "the installer is larger than 90 MB"

# 6. Remove, and nothing is left.
log "dpkg --purge slipway"
dpkg --purge slipway >>"$art/installer-dpkg.log" 2>&1 || fail "dpkg --purge failed (log: $art/installer-dpkg.log)"
for f in /opt/slipway /usr/bin/slipway /usr/share/applications/io.slipway.Slipway.desktop \
  /usr/share/icons/hicolor/256x256/apps/io.slipway.Slipway.png \
  /usr/share/mime/packages/io.slipway.Slipway.xml /usr/share/mime/text/x-dockerfile.xml; do
  [ ! -e "$f" ] && [ ! -L "$f" ] || fail "$f is left after dpkg --purge"
done
snapshot >"$art/installer-paths-after.txt"
left=$(comm -13 "$art/installer-paths-before.txt" "$art/installer-paths-after.txt")
[ -z "$left" ] || fail "left after dpkg --purge: $left"
log "removed: nothing left"
