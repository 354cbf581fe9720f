#!/usr/bin/env bash
# Installs everything Kreds needs on Debian 12: system packages (apt) and the
# web client's npm packages. Idempotent and quiet when everything is present.
#
#   scripts/setup.sh          packages to build and run the server
#   scripts/setup.sh --test   also what the test suite needs (Chromium, GLPK)
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
with_tests=0
for arg in "$@"; do
  case "$arg" in
    --test) with_tests=1 ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup: unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

packages=(
  build-essential cmake ninja-build ccache pkg-config git ca-certificates
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libboost-program-options1.81-dev
  libsqlite3-dev sqlite3 libsqlitecpp-dev
  libspdlog-dev libfmt-dev libsodium-dev libtomlplusplus-dev libssl-dev
  catch2 libglpk-dev
)
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  packages+=(nodejs npm)
fi
if [ "$with_tests" = 1 ]; then
  packages+=(chromium openssl procps)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup: missing packages: ${missing[*]}" >&2
    echo "setup: run as root (or install them with apt-get) and try again" >&2
    exit 1
  fi
  echo "setup: installing ${#missing[@]} Debian package(s): ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The web client's packages (dkfds for the look; playwright-core and axe-core
# for the browser tests) are pinned by web/package-lock.json.
if [ -f "$here/web/package.json" ]; then
  stamp="$here/web/node_modules/.kreds-installed"
  if [ ! -f "$stamp" ] || [ "$here/web/package-lock.json" -nt "$stamp" ]; then
    echo "setup: installing npm packages for web/"
    (cd "$here/web" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    # The server serves web/ only: copy the design system's built assets in.
    rm -rf "$here/web/vendor/dkfds"
    mkdir -p "$here/web/vendor/dkfds"
    cp -r "$here/web/node_modules/dkfds/dist/css" "$here/web/node_modules/dkfds/dist/fonts" \
          "$here/web/node_modules/dkfds/dist/img" "$here/web/node_modules/dkfds/dist/js" "$here/web/vendor/dkfds/"
    touch "$stamp"
  fi
fi
