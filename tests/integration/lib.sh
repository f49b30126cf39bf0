# Assertions for integration tests: run the built sipsurv against the lab and
# check exit code, stdout (text or JSON via jq) and stderr.
#
# Environment (set by tests/CMakeLists.txt): SIPSURV (the binary),
# SIPSURV_LAB_DIR (the running lab; its env.sh has the addresses).
set -uo pipefail

# shellcheck disable=SC1091
source "$SIPSURV_LAB_DIR/env.sh"

T_OUT=$(mktemp)
T_ERR=$(mktemp)
T_CHECK=$(mktemp)
T_AT_EXIT=()
# Cleanup that must run even when a test fails (fail exits the script, so a
# function's RETURN trap would not run): at_exit COMMAND.
at_exit() { T_AT_EXIT+=("$1"); }
t_exit() {
  local c
  for c in "${T_AT_EXIT[@]}"; do eval "$c" || true; done
  rm -f "$T_OUT" "$T_ERR" "$T_CHECK"
}
trap t_exit EXIT
RC=0
LAST_CMD=""
# The output checkers of tests/cli (JSON Schema, perfdata grammar) and
# promtool: every JSON, Nagios and OpenMetrics output a test produces goes
# through them (check_output, called by sipsurv and by the expect_json family).
TESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CHECKED_SUM=""

fail() {
  echo "FAIL: $*" >&2
  echo "command: $LAST_CMD" >&2
  echo "exit code: $RC" >&2
  echo "--- stdout (first 60 lines)" >&2
  head -n 60 "$T_OUT" >&2
  echo "--- stderr" >&2
  head -n 20 "$T_ERR" >&2
  exit 1
}

# Skip the test (ctest shows it as skipped: SKIP_RETURN_CODE 77), saying why.
skip() {
  echo "SKIP: $*"
  exit 77
}

# Skip unless the sandbox has IPv6 loopback (the lab then serves ::1 too).
need_ipv6() {
  [[ ${SIPSURV_LAB_IPV6:-0} == 1 ]] || skip "this machine has no IPv6 loopback"
}

# Run sipsurv with a hard wall-clock cap so a hang fails instead of blocking CI.
# WALL_MS: its wall time in ms (the output check after it not included).
sipsurv() {
  LAST_CMD="sipsurv $*"
  local t0
  t0=$(date +%s%N)
  timeout 60 "$SIPSURV" "$@" >"$T_OUT" 2>"$T_ERR"
  RC=$?
  WALL_MS=$((($(date +%s%N) - t0) / 1000000))
  local format="" prev=""
  for arg in "$@"; do
    [[ $prev == --format ]] && format=$arg
    [[ $arg == --format=* ]] && format=${arg#--format=}
    prev=$arg
  done
  [[ -n $format ]] && check_output "$format"
}

# Check stdout (T_OUT) with the checker for FORMAT: json (against
# man/sipsurv-1.schema.json, one document or NDJSON), nagios (the
# Monitoring Plugins grammar, with the exit status) or openmetrics
# (promtool check metrics). Empty output (a usage error) has nothing to
# check; the same output is checked once.
check_output() { # FORMAT
  [[ -s $T_OUT ]] || return 0
  local sum
  sum="$1 $(cksum <"$T_OUT")"
  [[ $sum == "$CHECKED_SUM" ]] && return 0
  case $1 in
  json)
    /usr/bin/python3 "$TESTS_DIR/cli/check_json.py" --name "stdout of: $LAST_CMD" - <"$T_OUT" >"$T_CHECK" 2>&1 ||
      fail "JSON output breaks the schema: $(cat "$T_CHECK")"
    ;;
  nagios)
    /usr/bin/python3 "$TESTS_DIR/cli/check_nagios.py" --rc "$RC" --name "stdout of: $LAST_CMD" - <"$T_OUT" \
      >"$T_CHECK" 2>&1 || fail "Nagios output breaks the plugin rules: $(cat "$T_CHECK")"
    ;;
  openmetrics)
    check_openmetrics_file "$T_OUT"
    ;;
  esac
  CHECKED_SUM=$sum
}

check_openmetrics_file() { # FILE: promtool's lint, and the # EOF that OpenMetrics ends with
  command -v promtool >/dev/null || fail "promtool is not installed (package prometheus, scripts/debian-packages.txt)"
  promtool check metrics <"$1" >"$T_CHECK" 2>&1 || fail "promtool check metrics $1: $(cat "$T_CHECK")"
  [[ $(tail -n 1 "$1") == "# EOF" ]] || fail "$1 does not end with # EOF"
}

expect_rc() {
  [[ $RC -eq $1 ]] || fail "expected exit code $1"
}

expect_out() { # fixed string on stdout
  grep -qF -- "$1" "$T_OUT" || fail "stdout lacks: $1"
}

expect_out_flowed() { # fixed string in stdout's prose: text output wraps at 80 columns
  # (cli/render/wrap.hpp), so a phrase may span lines; join them, spaces squeezed.
  tr '\n' ' ' <"$T_OUT" | tr -s ' ' | grep -qF -- "$1" || fail "stdout lacks (lines joined): $1"
}

expect_not_out() {
  if grep -qF -- "$1" "$T_OUT"; then fail "stdout should not contain: $1"; fi
}

expect_first_line() { # fixed string in the first line of stdout
  head -n 1 "$T_OUT" | grep -qF -- "$1" || fail "first line lacks: $1"
}

expect_err() {
  grep -qF -- "$1" "$T_ERR" || fail "stderr lacks: $1"
}

expect_err_one_line() { # a clear one-line error: exactly one line on stderr
  local n
  n=$(wc -l <"$T_ERR")
  [[ $n -eq 1 ]] || fail "expected one line on stderr, got $n"
}

expect_json() { # expect_json JQ_FILTER EXPECTED: jq -r output must equal EXPECTED
  check_output json
  local got
  got=$(jq -r "$1" "$T_OUT" 2>&1) || fail "stdout is not JSON or filter failed: $1: $got"
  [[ $got == "$2" ]] || fail "jq '$1' gave '$got', expected '$2'"
}

expect_valid_json() {
  jq -e . "$T_OUT" >/dev/null 2>&1 || fail "stdout is not one JSON document"
  check_output json
}

expect_no_escape_bytes() { # nothing from the network may drive the terminal
  if LC_ALL=C grep -q $'\x1b' "$T_OUT" "$T_ERR"; then fail "raw ESC byte in output"; fi
}

# Nor reorder or split what the reader sees: no raw UTF-8 of U+061C,
# U+200E-200F, U+202A-202E, U+2066-2069, U+2028-2029.
expect_no_bidi_bytes() {
  local pattern=$'\xd8\x9c|\xe2\x80[\x8e\x8f\xa8-\xae]|\xe2\x81[\xa6-\xa9]'
  if LC_ALL=C grep -qE "$pattern" "$T_OUT" "$T_ERR"; then fail "raw bidi or separator control in output"; fi
}

# The text report with each wrapped line joined to the line it continues
# (renderers wrap at 80 columns with a hanging indent): stdin to stdout.
flowed() {
  perl -0pe 's/\n {3,}(?=\S)(?!\+\d)(?!\d+\. )/ /g'
}

# Masks for comparing the output of two runs: they hide what differs from one
# run to the next by nature, and nothing else. Filters, stdin to stdout.
#
# mask_times: RFC 3339 date-times (the report's time, certificate dates).
mask_times() {
  perl -pe 's/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/<time>/g'
}

# mask_measured: mask_times, and every figure that is measured (round trips,
# connect and handshake times) or computed from a measurement (a live run's
# timeline offsets and outage bounds): JSON values of *_ms keys, decimal
# numbers ("11.7", "+0.053s", "10.052 s"), whole milliseconds ("(3 ms)").
# IP addresses, versions and percentages stay. Runs of spaces become one,
# since a table's padding follows the width of its figures.
mask_measured() {
  mask_times | perl -pe '
    s/("[a-z_]*_ms"\s*:\s*)-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/$1"<ms>"/g;
    s/(?<![\d.])\d+\.\d+(?![\d.%])/<n>/g;
    s/(?<![\d.])\d+ ?ms\b/<n> ms/g;
    s/ {2,}/ /g;
  '
}

# expect_same_output RUNS MASK ARGS...: run sipsurv ARGS RUNS times; every
# run must give the first run's exit code and, through MASK, its stdout.
expect_same_output() {
  local runs=$1 mask=$2 first_out first_rc i
  shift 2
  first_out=$(mktemp)
  sipsurv "$@"
  first_rc=$RC
  "$mask" <"$T_OUT" >"$first_out"
  for i in $(seq 2 "$runs"); do
    sipsurv "$@"
    [[ $RC -eq $first_rc ]] || fail "run $i of $runs: exit code $RC, run 1 gave $first_rc"
    if ! "$mask" <"$T_OUT" | diff -u "$first_out" - >"$T_OUT.diff"; then
      echo "--- run 1 vs run $i ($mask), first 40 lines of the diff" >&2
      head -n 40 "$T_OUT.diff" >&2
      rm -f "$first_out" "$T_OUT.diff"
      fail "run $i of $runs differs from run 1"
    fi
  done
  rm -f "$first_out" "$T_OUT.diff"
}
