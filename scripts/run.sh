#!/usr/bin/env bash
# The README's run command: installs what Kreds needs, builds the release
# binary and starts the server on the embedded SQLite database
# (var/kreds.sqlite3). Extra arguments go to `kreds serve`, e.g. --port 9000.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
echo "run: building kreds (release preset)"
cmake --preset release >/dev/null
cmake --build --preset release --target kreds

port=8080
database_args=()
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[$i]}" in
    --port) port="${args[$((i + 1))]:-$port}" ;;
    --database) database_args=(--database "${args[$((i + 1))]:-}") ;;
  esac
done

# An empty database gets the demo municipality (seed 1: the logins below).
build/release/server/kreds demo --if-empty --config config/kreds.toml "${database_args[@]}"
cat <<'LOGINS'
run: demo logins (password kreds-demo-2026):
       admin       admin@aarhus.demo.kreds.dk
       caseworker  jobraadgiver1@aarhus.demo.kreds.dk
       job seeker  soeren.soerensen.1@aarhus.demo.kreds.dk
LOGINS

echo "run: starting Kreds — open http://127.0.0.1:${port}/ in your browser; stop with Ctrl+C"
exec build/release/server/kreds serve --config config/kreds.toml "$@"
