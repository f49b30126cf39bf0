#!/usr/bin/env bash
# Install what sipsurv needs on Debian 12 (idempotent) and build it.
#
#   scripts/setup.sh [BUILD_DIR]     default BUILD_DIR: build
#
# Installs the packages in scripts/debian-packages.txt with apt-get (as root,
# or through sudo), skipping apt-get entirely when all are present, then
# configures and builds with CMake + Ninja. Extra CMake arguments can be
# passed in SIPSURV_CMAKE_ARGS.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
build=${1:-$top/build}

mapfile -t packages < <(grep -vE '^\s*(#|$)' "$here/debian-packages.txt")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} > 0)); then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "setup: need root to install: ${missing[*]}" >&2; exit 1; }
    sudo=sudo
  fi
  echo "setup: installing ${missing[*]}"
  $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
  # Kamailio's and NSD's packages try to start system services; there may be
  # no init system (containers, CI), so tell invoke-rc.d not to.
  policy=/usr/sbin/policy-rc.d
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod +x "$policy"
    trap '$sudo rm -f "$policy"' EXIT
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}"
fi

# shellcheck disable=SC2086
cmake -S "$top" -B "$build" -G Ninja ${SIPSURV_CMAKE_ARGS:-}
cmake --build "$build" -j "$(nproc)"
