#!/usr/bin/env bash
# The sanitizer suite: a separate gcc build with AddressSanitizer (+ LeakSanitizer)
# and UndefinedBehaviorSanitizer that runs the unit tests, the fuzz replays and
# the integration tests against the loopback lab. .ci/run calls it after the
# main suite; it must stay well inside CI's 90 minutes (README.md has the
# measured time).
#
#   scripts/sanitize.sh [BUILD_DIR]      default BUILD_DIR: build-sanitize
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
build=${1:-$top/build-sanitize}
start=$(date +%s)

# A Debug build: readable stack traces, and _GLIBCXX_ASSERTIONS (bounds
# checks in the standard library) on top of the sanitizers. Any report
# aborts the process, so it fails its test (-fno-sanitize-recover=all in the
# top CMakeLists.txt).
SIPSURV_CMAKE_ARGS="-DSIPSURV_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=Debug ${SIPSURV_CMAKE_ARGS:-}" \
  "$here/setup.sh" "$build"
echo "sanitize: build took $(($(date +%s) - start)) s"

# Tests that bound memory (max RSS) skip that bound: ASan's shadow memory
# and quarantine multiply the footprint by design.
export SIPSURV_SANITIZED=1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$here/lsan-suppressions.txt:print_suppressions=0

# Pure tests in parallel; the integration tests share one lab, so one at a time.
ctest --test-dir "$build" --output-on-failure --timeout 300 -j "$(nproc)" -L 'unit|fuzz'
SIPSURV_INTEGRATION=1 ctest --test-dir "$build" --output-on-failure --timeout 300 -L integration
echo "sanitize: suite took $(($(date +%s) - start)) s"
