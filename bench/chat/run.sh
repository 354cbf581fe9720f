#!/bin/sh
# Build the chat load generator and the server with the release preset, then
# run every case: 10,000 idle WebSockets in networks of 8, then posting at
# rising rates until p99 passes 50 ms. Prints one JSON object per line.
# Talks only to a server it starts on 127.0.0.1; takes one to two minutes on
# a 2-core machine. Not niced: the figures are latencies, and a concurrent
# build or test run on the same cores skews them (the benchmark warns when
# the machine is busy at the start).
# Usage: bench/chat/run.sh [chat_bench options], e.g. --connections 2000
# or --rates 1000,2000 (see the comment at the top of chat_bench.cpp).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
# KREDS_BUILD_DIR picks another build tree (default: the preset's own).
build=${KREDS_BUILD_DIR:-"$root/build/release"}
(cd "$root" && cmake --preset release -B "$build" >/dev/null)
cmake --build "$build" --target kreds chat_bench >&2
exec "$build/bench/chat/chat_bench" --kreds "$build/server/kreds" --source-dir "$root" "$@"
