#!/usr/bin/env bash
# Build one libFuzzer target with clang (ASan + UBSan) and fuzz it.
#
#   scripts/fuzz.sh TARGET [SECONDS]     default 600 s; TARGET as in tests/fuzz/fuzz_TARGET.cpp
#   scripts/fuzz.sh --list
#
# FUZZ_RUNS=N stops after N executions (SECONDS still caps the time), so a
# campaign can aim at a count: FUZZ_RUNS=10000000 scripts/fuzz.sh dns_answer 3600.
# FUZZ_MAX_LEN (default 4096) caps the input length: long inputs slow every
# execution while finding little a shorter one would not; the replayed seeds
# keep the long cases (1000 SRV records, a flood of answers) covered.
#
# The working corpus starts from tests/fuzz/corpus/TARGET and
# tests/fuzz/regressions/TARGET and grows in build-fuzz/corpus/TARGET, so the
# source tree stays clean; crashes land in build-fuzz/artifacts/TARGET/.
# With FUZZ_MERGE=1 the new inputs that add coverage are merged (minimised)
# back into tests/fuzz/corpus/TARGET. A crash input belongs, once fixed, in
# tests/fuzz/regressions/TARGET/ with a unit test for the fix.
# Two targets may run at once (the build step is locked).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
build=${SIPSURV_FUZZ_BUILD:-$top/build-fuzz}
fuzzdir=$top/tests/fuzz

targets() { find "$fuzzdir" -maxdepth 1 -name 'fuzz_*.cpp' -printf '%f\n' | sed 's/^fuzz_//; s/\.cpp$//' | sort; }

if [[ ${1:-} == --list ]]; then
  targets
  exit 0
fi
target=${1:?usage: scripts/fuzz.sh TARGET [SECONDS] (targets: $(targets | tr '\n' ' '))}
seconds=${2:-600}
if [[ ! -f $fuzzdir/fuzz_$target.cpp ]]; then
  echo "fuzz: unknown target '$target'; allowed: $(targets | tr '\n' ' ')" >&2
  exit 64
fi
if ! [[ $seconds =~ ^[0-9]+$ ]] || ((seconds < 1 || seconds > 86400)); then
  echo "fuzz: SECONDS must be 1-86400, not '$seconds'" >&2
  exit 64
fi
runs_limit=${FUZZ_RUNS:--1}
if ! [[ $runs_limit =~ ^(-1|[0-9]+)$ ]]; then
  echo "fuzz: FUZZ_RUNS must be a number of executions, not '$runs_limit'" >&2
  exit 64
fi

# clang 16 is the oldest Debian 12 clang whose C++ front end takes
# libstdc++ 12's std::expected (see the top CMakeLists.txt).
if ! command -v clang++-16 >/dev/null || [[ ! -d /usr/lib/llvm-16/lib/clang ]] ||
   ! ls /usr/lib/llvm-16/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo=sudo
  echo "fuzz: installing clang-16 and libclang-rt-16-dev"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends clang-16 libclang-rt-16-dev
fi

mkdir -p "$build"
(
  flock 9
  if [[ ! -f $build/build.ninja ]]; then
    cmake -S "$top" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++-16 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DSIPSURV_FUZZ=ON -DSIPSURV_SANITIZE=address,undefined -DSIPSURV_BUILD_TESTS=OFF >/dev/null
  fi
  cmake --build "$build" --target "fuzz_$target"
) 9>"$build/.build.lock"

corpus=$build/corpus/$target
artifacts=$build/artifacts/$target
logs=$build/logs
mkdir -p "$corpus" "$artifacts" "$logs"
log=$logs/$target-$(date -u +%Y%m%dT%H%M%SZ).log

echo "fuzz: $target for $seconds s; log $log"
set +e
# -timeout: one input taking longer than 10 s is a hang; -rss_limit_mb:
# memory must stay bounded whatever the input.
symbolizer=$(command -v llvm-symbolizer-16 || command -v llvm-symbolizer || true)
ASAN_SYMBOLIZER_PATH=$symbolizer ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  "$build/tests/fuzz/fuzz_$target" "$corpus" "$fuzzdir/corpus/$target" "$fuzzdir/regressions/$target" \
  -max_total_time="$seconds" -runs="$runs_limit" -max_len="${FUZZ_MAX_LEN:-4096}" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$artifacts/" >"$log" 2>&1
rc=$?
set -e

runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1 || true)
echo "fuzz: $target exit $rc, executions ${runs:-unknown}; $(grep -cE '^(==|SUMMARY)' "$log" || true) sanitizer lines"
if ((rc != 0)); then
  grep -E 'ERROR|SUMMARY|contract broken|Test unit written' "$log" | head -20 >&2
  exit "$rc"
fi
if [[ ${FUZZ_MERGE:-0} == 1 ]]; then
  "$build/tests/fuzz/fuzz_$target" -merge=1 "$fuzzdir/corpus/$target" "$corpus" >>"$log" 2>&1
  echo "fuzz: merged into tests/fuzz/corpus/$target ($(find "$fuzzdir/corpus/$target" -type f | wc -l) files)"
fi
