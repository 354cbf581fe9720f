#!/bin/sh
# Build the matching benchmark with the release preset and run every case,
# one case per process so each peak_rss_mb is that case's own. Prints one
# JSON object per line. Usage: bench/matching/run.sh [seeds-per-exact-size]
# (default 10). Takes about two minutes on a 2-core machine.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
# KREDS_BUILD_DIR picks another build tree (default: the preset's own).
build=${KREDS_BUILD_DIR:-"$root/build/release"}
seeds=${1:-10}
(cd "$root" && cmake --preset release -B "$build" >/dev/null)
nice -n 10 cmake --build "$build" --target matching_bench >&2
bench="$build/bench/matching/matching_bench"
for case in exact pool_1000 pool_10000 refill_1pct national_150000; do
  nice -n 10 "$bench" --case "$case" --seeds "$seeds"
done
