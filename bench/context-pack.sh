#!/usr/bin/env bash
# Benchmark of the context packer (run by hand; not part of the tests).
#  1. Throughput: a 1 GiB, 20,000-file tree packed by `slipway context --tar -` beside
#     `tar -cf - .`, both into `wc -c`, page cache warm, best of 3.
#  2. Walking: a 200,000-file tree whose node_modules (190,000 files) is in .dockerignore,
#     beside the same tree without node_modules: the ignored folder should cost nothing.
# Usage: bench/context-pack.sh [WORKDIR]   (default /tmp/slipway-bench; trees are kept for reruns)
# Needs: ./mvnw -q package -DskipTests first (uses app/target/dist/bin/slipway).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
slipway="$here/app/target/dist/bin/slipway"
work=${1:-/tmp/slipway-bench}
[ -x "$slipway" ] || { echo "build first: ./mvnw -q package -DskipTests" >&2; exit 1; }
mkdir -p "$work"

make_tree() { # dir files total_bytes
  python3 - "$@" <<'PY'
import os, sys
root, files, total = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
size = total // files if total else 0
chunk = os.urandom(1 << 20)
for i in range(files):
    d = os.path.join(root, "d%03d" % (i % 200), "e%02d" % (i % 7))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "f%06d.bin" % i), "wb") as f:
        left = size
        while left > 0:
            n = min(left, len(chunk)); f.write(chunk[:n]); left -= n
PY
}

big="$work/big"
if [ ! -f "$big/Dockerfile" ]; then
  echo "creating $big (1 GiB, 20,000 files)…"
  mkdir -p "$big"; make_tree "$big" 20000 $((1 << 30)); echo "FROM scratch" >"$big/Dockerfile"
fi
walk="$work/walk"
if [ ! -f "$walk/Dockerfile" ]; then
  echo "creating $walk (10,000 files + node_modules with 190,000)…"
  mkdir -p "$walk/src" "$walk/node_modules"
  make_tree "$walk/src" 10000 0; make_tree "$walk/node_modules" 190000 0
  echo "FROM scratch" >"$walk/Dockerfile"; echo "node_modules" >"$walk/.dockerignore"
fi
nomods="$work/walk-without-node_modules"
if [ ! -f "$nomods/Dockerfile" ]; then
  mkdir -p "$nomods/src"; make_tree "$nomods/src" 10000 0; echo "FROM scratch" >"$nomods/Dockerfile"
fi

best_of_3() { # command... ; prints best wall seconds
  local best=""
  for _ in 1 2 3; do
    local s e t
    s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$best" ] || (( $(echo "$t < $best" | bc -l) )); then best=$t; fi
  done
  printf '%.3f' "$best"
}

bytes=$(du -sb --apparent-size "$big" | cut -f1)
cat "$big"/d*/e*/* >/dev/null # warm the page cache
t_tar=$(best_of_3 bash -c "cd '$big' && tar -cf - . | wc -c")
t_slipway=$(best_of_3 bash -c "'$slipway' context '$big' --tar - | wc -c")
# The packer's own time (after the JVM started and the tree was scanned), best of 3.
best_packer=0
for _ in 1 2 3; do
  # stdout (the tar) into the pipe to wc; the packer's own figure comes on stderr.
  mbs=$( { "$slipway" context "$big" --tar - | wc -c >/dev/null; } 2>&1 \
    | sed -n 's/.*(\([0-9]*\) MB\/s).*/\1/p')
  [ "${mbs:-0}" -gt "$best_packer" ] && best_packer=$mbs
done
mbs() { echo "scale=0; $bytes / 1000000 / $1" | bc -l; }
tar_mbs=$(mbs "$t_tar")
echo
echo "Packing $((bytes / 1000000)) MB in 20,000 files, into a pipe to wc -c (best of 3):"
echo "  tar -cf - .                       $(printf %6s "$tar_mbs") MB/s  (${t_tar}s)"
echo "  slipway's packer (its own timer)  $(printf %6s "$best_packer") MB/s  = $(echo "scale=0; 100 * $best_packer / $tar_mbs" | bc -l)% of tar"
echo "  slipway context --tar -, whole command incl. JVM start and scan: ${t_slipway}s"

t_walk=$(best_of_3 "$slipway" context "$walk" --list)
t_nomods=$(best_of_3 "$slipway" context "$nomods" --list)
t_jvm=$(best_of_3 "$slipway" --version)
echo
echo "Walking (best of 3, JVM start included):"
echo "  200,000-file tree, node_modules ignored: ${t_walk}s"
echo "  same tree without node_modules:          ${t_nomods}s"
echo "  slipway --version (JVM start alone):     ${t_jvm}s"
