#!/usr/bin/env bash
# Checks that every #include in the server respects the layers of
# docs/architecture.md ("Layers"). The build enforces the same rules through
# each folder's include root (cmake/kreds_layers.cmake); this check says it
# without building, and names the file, the line and the rule broken.
#
#   scripts/check_layers.sh          checks this tree
#   scripts/check_layers.sh DIR      checks the tree at DIR (the tests use it)
#
# Rules (a folder may include from):
#   server/core              core                        standard library only
#   server/storage           core storage schema         + SQLite
#   server/taxonomy          taxonomy                    standard library only
#   server/platform          core storage schema taxonomy platform   (no Beast)
#   server/features/common   ... platform, features/common           (no Beast)
#   server/features/NAME     ... platform, features/common, features/NAME and the
#                            features NAME USES in server/features/CMakeLists.txt;
#                            the matching engine only in features/networks
#   server/application       core taxonomy platform features application
#   server/net               core platform net           + Beast
#   server/cli, main.cpp     anything
#
# And one rule about code: JSON for clients is written only by
# platform::json_text (platform/json_output.hpp), never json::serialize.
set -euo pipefail

root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
server="$root/server"
failures=0

# The features each feature may use besides common, from its
# kreds_feature(NAME USES ... SOURCES ...) line, as uses[NAME].
declare -A uses=()
while read -r name rest; do
  uses[$name]=$rest
done < <(tr '\n' ' ' <"$server/features/CMakeLists.txt" | grep -oE 'kreds_feature\([a-z_]+( USES [a-z_ ]+)? SOURCES' |
         sed -E 's/kreds_feature\(([a-z_]+)( USES ([a-z_ ]+))? SOURCES/\1 \3/')

# allowed_for PATH (relative to server/): the include prefixes it may use.
allowed_for() {
  local rel=$1 base="core/ storage/ schema/ taxonomy/ platform/ features/common/"
  case "$rel" in
    core/*)            echo "core/" ;;
    storage/*)         echo "core/ storage/ schema/" ;;
    taxonomy/*)        echo "taxonomy/" ;;
    platform/*)        echo "core/ storage/ schema/ taxonomy/ platform/" ;;
    features/common/*) echo "$base" ;;
    features/networks/*) echo "$base features/networks/ $(for o in ${uses[networks]:-}; do echo -n "features/$o/ "; done)kreds/matching/" ;;
    features/*)
      local name=${rel#features/}
      name=${name%%/*}
      echo "$base features/$name/ $(for o in ${uses[$name]:-}; do echo -n "features/$o/ "; done)" ;;
    application/*)     echo "core/ taxonomy/ platform/ features/ application/" ;;
    net/*)             echo "core/ platform/ net/" ;;
    *)                 echo "*" ;;
  esac
}

include_re='^#include *"([^"]+)"'
beast_re='^#include *<boost/beast'
serialize_re='json::serialize\('
while IFS= read -r -d '' file; do
  rel=${file#"$server"/}
  allowed=$(allowed_for "$rel")
  [ "$allowed" = "*" ] && continue
  number=0
  while IFS= read -r text; do
    number=$((number + 1))
    if [[ "$text" =~ $include_re ]]; then
      target=${BASH_REMATCH[1]}
      [[ "$target" != */* ]] && continue  # a header next to the file (matching's src/)
      ok=0
      for prefix in $allowed; do
        [[ "$target" == "$prefix"* ]] && ok=1 && break
      done
      if [ "$ok" = 0 ]; then
        echo "check_layers: server/$rel:$number includes \"$target\"; this folder may include only: $allowed" >&2
        failures=$((failures + 1))
      fi
    elif [[ "$text" =~ $beast_re && "$rel" != net/* ]]; then
      echo "check_layers: server/$rel:$number includes Beast; only server/net may" >&2
      failures=$((failures + 1))
    elif [[ "$text" =~ $serialize_re && "$rel" != platform/json_output.cpp ]]; then
      echo "check_layers: server/$rel:$number calls json::serialize; write JSON with platform::json_text (platform/json_output.hpp)" >&2
      failures=$((failures + 1))
    fi
  done <"$file"
done < <(find "$server" -type f \( -name '*.hpp' -o -name '*.cpp' \) -print0)

if [ "$failures" -gt 0 ]; then
  echo "check_layers: $failures include(s) break the layers (docs/architecture.md, \"Layers\")" >&2
  exit 1
fi
echo "check_layers: every include respects the layers"
