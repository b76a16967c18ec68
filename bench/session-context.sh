#!/usr/bin/env bash
# Benchmark of the build context transfer (run by hand; not part of the tests): the first and the
# second build of a 1 GiB context (256 files of 4 MiB, nothing changed in between) through
# Slipway's BuildKit session, through the tar body (no session), and with Debian's docker 20.10
# CLI (DOCKER_BUILDKIT=1 /usr/bin/docker build), on the same tree. Each gets a fresh node id (so a
# fresh incremental cache key), and its own RUN line, so that no tool answers from another's cache.
# Prints the times and the ratios to the docker CLI (lower is faster; the target is <= 1.0 for the
# session). Needs the local base image slipway-test/busybox:1.
# Usage: bench/session-context.sh [SIZE-MIB]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
size_mib=${1:-1024}
docker_cli=/usr/bin/docker
work=$(mktemp -d /tmp/slipway-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT

ctx="$work/ctx"
mkdir -p "$ctx/data"
files=$((size_mib / 4))
echo "making a ${size_mib} MiB context of $files files in $ctx" >&2
for i in $(seq -w 1 "$files"); do
  head -c $((4 * 1024 * 1024)) /dev/urandom >"$ctx/data/f-$i"
done

dockerfile() { # $1: the tool's own token, so that its RUN is its own
  printf 'FROM slipway-test/busybox:1\nRUN --mount=type=bind,target=/ctx ls /ctx/data | wc -l && echo %s\n' "$1" >"$ctx/Dockerfile"
}

./mvnw -B -q -pl core -am test-compile -DskipTests >/dev/null
cp_file="$here/core/target/bench.classpath"
./mvnw -B -q -pl core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
classpath="core/target/classes:core/target/test-classes:$(cat "$cp_file")"

slipway() { # $1: session|tar
  dockerfile "slipway-$1-$(date +%s%N)"
  java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$classpath" \
    io.slipway.core.build.buildkit.session.SessionContextBench "$ctx" "$1" "$work/data-$1"
}

seconds_of() { awk '{print $3}'; }

session_out=$(slipway session)
echo "$session_out"
tar_out=$(slipway tar)
echo "$tar_out"

dockerfile "docker-cli-$(date +%s%N)"
mkdir -p "$work/docker-config"
cli_times=()
for which in first second; do
  start=$(date +%s.%N)
  DOCKER_CONFIG="$work/docker-config" DOCKER_BUILDKIT=1 "$docker_cli" build -q "$ctx" >/dev/null
  end=$(date +%s.%N)
  t=$(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.2f", b-a}')
  cli_times+=("$t")
  echo "docker-cli $which $t s"
done

s1=$(echo "$session_out" | sed -n 1p | seconds_of)
s2=$(echo "$session_out" | sed -n 2p | seconds_of)
t1=$(echo "$tar_out" | sed -n 1p | seconds_of)
t2=$(echo "$tar_out" | sed -n 2p | seconds_of)
awk -v s1="$s1" -v s2="$s2" -v t1="$t1" -v t2="$t2" -v d1="${cli_times[0]}" -v d2="${cli_times[1]}" 'BEGIN {
  printf "ratio to docker CLI (first build):  session %.2f, tar body %.2f\n", s1/d1, t1/d1
  printf "ratio to docker CLI (second build): session %.2f, tar body %.2f\n", s2/d2, t2/d2
}'
