#!/usr/bin/env bash
# The README's test command: installs what Kreds and its tests need, checks
# the layers (scripts/check_layers.sh), builds with warnings as errors and runs the whole suite (unit, integration,
# browser) through ctest.
#
#   scripts/test.sh            the dev preset (what CI runs)
#   scripts/test.sh --asan     the same suite under AddressSanitizer + UBSan
set -euo pipefail
cd "$(dirname "$0")/.."

preset=dev
for arg in "$@"; do
  case "$arg" in
    --asan) preset=asan ;;
    --tsan) preset=tsan ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "test: unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

scripts/setup.sh --test
scripts/check_layers.sh
echo "test: building (${preset} preset)"
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
echo "test: running the suite"
ctest --test-dir "build/${preset}" --output-on-failure -j2 --timeout 300
