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
trap 'rm -f "$T_OUT" "$T_ERR" "$T_CHECK"' EXIT
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
