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
echo "demo.sites.lab.test: two SIP servers by DNS SRV (priority 10 and 20) and a backup server;"
echo "the phone uses TCP with the timers recommended for OpenScape Voice and a 30 s connectivity check"
site=(demo.sites.lab.test --dns "$SIPSURV_LAB_DNS" --transport tcp --connectivity-check 30
      --response-timer 3700 --non-invite-timer 6000 --backup-proxy backup.sites.lab.test --timeout 2)

echo
echo "== 1. The healthy site"
show status "${site[@]}"

echo
echo "== 2. The same site with its priority-1 server stopped"
"$top/tests/lab/lab" stop-one "$lab_dir" sites_demo
show status "${site[@]}"

echo
echo "== 3. What the phone does when the priority-1 server fails, as a timeline"
show simulate "${site[@]}"
