#!/usr/bin/env bash
# `npm run setup:interop`: installs the Debian packages the interop suite needs (strongSwan, FRR,
# iproute2...), listed once in interop/debian-packages.txt. Debian or Ubuntu, as root or with sudo.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t packages < <(grep -v '^\s*\(#\|$\)' interop/debian-packages.txt)
if ! command -v apt-get >/dev/null; then
  echo "setup:interop needs apt-get (Debian or Ubuntu); install these packages another way: ${packages[*]}" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
echo "installed: ${packages[*]}"
