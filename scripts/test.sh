#!/usr/bin/env bash
# Run the whole test suite: set up (idempotent), build, and run every ctest
# (unit, cli, golden, integration with the loopback lab, fuzz replays).
#
#   scripts/test.sh [BUILD_DIR] [extra ctest arguments]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
build=${1:-$top/build}
shift || true

"$here/setup.sh" "$build"
# Every label, the lab-backed integration tests included (plain ctest runs
# only the fast ones).
SIPSURV_INTEGRATION=1 ctest --test-dir "$build" --output-on-failure --timeout 300 "$@"
