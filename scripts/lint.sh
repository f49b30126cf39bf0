#!/usr/bin/env bash
# The tree's own rules: .clang-format (scripts/format.sh --check) and
# .clang-tidy (clang-tidy-16 on every first-party translation unit of the
# build's compile_commands.json; tests/ has its lighter .clang-tidy).
#
#   scripts/lint.sh [BUILD_DIR]     default BUILD_DIR: build (configured by scripts/setup.sh)
#
# Exit 1 when a file is not formatted or clang-tidy reports anything.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
build=${1:-$top/build}
tidy=${CLANG_TIDY:-clang-tidy-16}
start=$(date +%s)

"$here/format.sh" --check

command -v "$tidy" >/dev/null || { echo "lint: $tidy is not installed (apt-get install clang-tidy-16)" >&2; exit 1; }
[[ -f $build/compile_commands.json ]] || { echo "lint: no $build/compile_commands.json (run scripts/setup.sh)" >&2; exit 1; }

# The first-party sources the build compiles (the fuzz replays compile the
# same files as their targets: checked once).
mapfile -t sources < <(python3 - "$build/compile_commands.json" "$top" <<'PY'
import json, os, sys
db, top = sys.argv[1], os.path.realpath(sys.argv[2])
seen = set()
for entry in json.load(open(db)):
    path = os.path.realpath(os.path.join(entry["directory"], entry["file"]))
    rel = os.path.relpath(path, top)
    if rel.split(os.sep)[0] in ("core", "cli", "tests", "bench") and rel not in seen:
        seen.add(rel)
        print(path)
PY
)
# g++ 12 flags in the database: clang 16 spells C++23 c++2b, and libstdc++ 12
# enables std::expected for clang only with the concepts macro (CMakeLists.txt).
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Each batch runs under sh so that a crashing clang-tidy cannot stop xargs
# (it gives up on a child killed by a signal): a crash is caught below.
printf '%s\n' "${sources[@]}" |
  xargs -P "$(nproc)" -n 4 sh -c '"$0" "$@" || true' "$tidy" -p "$build" --quiet --extra-arg=-std=c++2b \
    --extra-arg-before=-D__cpp_concepts=202002L --extra-arg=-Wno-macro-redefined --extra-arg=-Wno-unknown-warning-option \
    >"$log" 2>&1 || true
[[ -z ${LINT_LOG:-} ]] || cp "$log" "$LINT_LOG"
if grep -qE 'Stack dump|terminated by signal|PLEASE submit a bug report' "$log"; then
  grep -E -A3 'Program arguments' "$log" >&2 || true
  echo "lint: clang-tidy crashed (above): its checks did not run on those files" >&2
  exit 1
fi
if grep -E '(warning|error):' "$log" | grep -v 'clang-diagnostic-macro-redefined' >/dev/null; then
  grep -E '(warning|error):' "$log" | grep -v 'clang-diagnostic-macro-redefined' | sort -u >&2
  echo "lint: clang-tidy found the above in ${#sources[@]} files" >&2
  exit 1
fi
echo "lint: clang-tidy clean on ${#sources[@]} files ($(($(date +%s) - start)) s)"
