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
trap 'rm -f "$T_OUT" "$T_ERR"' EXIT
RC=0
LAST_CMD=""

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
sipsurv() {
  LAST_CMD="sipsurv $*"
  timeout 60 "$SIPSURV" "$@" >"$T_OUT" 2>"$T_ERR"
  RC=$?
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
  local got
  got=$(jq -r "$1" "$T_OUT" 2>&1) || fail "stdout is not JSON or filter failed: $1: $got"
  [[ $got == "$2" ]] || fail "jq '$1' gave '$got', expected '$2'"
}

expect_valid_json() {
  jq -e . "$T_OUT" >/dev/null 2>&1 || fail "stdout is not one JSON document"
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
