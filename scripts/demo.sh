#!/usr/bin/env bash
# The main job on a machine without a real site: set up and build sipsurv,
# start the loopback test lab (tests/lab), and show what sipsurv tells a
# technician about a healthy site and a broken one. The lab is stopped on exit.
#
#   scripts/demo.sh [BUILD_DIR]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
build=${1:-$top/build}
lab_dir=$build/demo-lab

"$here/setup.sh" "$build" >/dev/null
sipsurv=$build/cli/sipsurv

"$top/tests/lab/lab" start "$lab_dir" >/dev/null
trap '"$top/tests/lab/lab" stop "$lab_dir" >/dev/null 2>&1 || true' EXIT
# shellcheck disable=SC1091
source "$lab_dir/env.sh"

show() {
  printf '\n\033[1m$ sipsurv %s\033[0m\n' "$*"
  "$sipsurv" "$@" || echo "(exit code $?)"
}

echo "sipsurv demo against the local lab (DNS on $SIPSURV_LAB_DNS, every address on loopback)"
show resolve healthy.lab.test --dns "$SIPSURV_LAB_DNS" --transport tls
show resolve fake.lab.test --dns "$SIPSURV_LAB_DNS" --transport tls
show resolve udponly.lab.test --dns "$SIPSURV_LAB_DNS" --transport tls
