#!/usr/bin/env bash
# scripts/check_layers.sh passes on this tree and fails, naming the file and
# the rule, on a copy with one include that breaks each kind of rule.
set -euo pipefail
source_dir=$1
check="$source_dir/scripts/check_layers.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$check" "$source_dir" >/dev/null

# expect_refused FILE LINE PATTERN: a copy of the tree with LINE added to FILE
# fails the check with a message matching PATTERN.
expect_refused() {
  local file=$1 line=$2 pattern=$3
  rm -rf "$work/tree" && mkdir -p "$work/tree" && cp -r "$source_dir/server" "$work/tree/"
  printf '%s\n' "$line" >>"$work/tree/server/$file"
  if "$check" "$work/tree" 2>"$work/out"; then
    echo "FAIL: $file with '$line' passed the layer check" >&2
    exit 1
  fi
  if ! grep -qE "$pattern" "$work/out"; then
    echo "FAIL: $file with '$line': message does not match '$pattern':" >&2
    cat "$work/out" >&2
    exit 1
  fi
  echo "refused: $file + $line"
}

expect_refused platform/hub.cpp '#include "features/chat/chat.hpp"' 'server/platform/hub.cpp:[0-9]+ includes "features/chat/chat.hpp"'
expect_refused core/error.cpp '#include "platform/config.hpp"' 'server/core/error.cpp:[0-9]+ includes "platform/config.hpp"'
expect_refused storage/writer.cpp '#include "platform/hub.hpp"' 'server/storage/writer.cpp'
expect_refused net/server.cpp '#include "features/common/network_access.hpp"' 'server/net/server.cpp'
expect_refused net/server.cpp '#include "application/application.hpp"' 'server/net/server.cpp'
expect_refused features/chat/chat.cpp '#include "application/application.hpp"' 'server/features/chat/chat.cpp'
expect_refused features/followup/triage.cpp '#include "features/chat/chat.hpp"' 'server/features/followup/triage.cpp'
expect_refused features/common/staff_time.cpp '#include "features/networks/membership.hpp"' 'server/features/common/staff_time.cpp'
expect_refused platform/hub.cpp '#include <boost/beast/core.hpp>' 'server/platform/hub.cpp:[0-9]+ includes Beast'
expect_refused features/chat/chat.cpp '#include "kreds/matching/engine.hpp"' 'server/features/chat/chat.cpp'
expect_refused features/chat/chat.cpp 'auto text = boost::json::serialize(value);' 'server/features/chat/chat.cpp:[0-9]+ calls json::serialize'
echo "check_layers: every broken rule is refused"
