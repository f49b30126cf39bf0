# The binary's handling of its input files and of its output, without the
# network: a FIFO or a device given as a file is refused at once (never
# waited on), and a report that cannot be written is exit status 74.
# simulate runs offline from a golden case's zone, so nothing is sent.

ZONE_DIR="$SIPSURV_SOURCE_DIR/tests/golden/simulate/all_failures"
SIM=(simulate example.com --dns-file zone --transport tls --connectivity-check 30 --backup-proxy backup.example.com)

# run CMD...: sipsurv with a hard cap, from the zone's directory; sets RC,
# OUT, ERR and MS (wall time in milliseconds).
run() {
  local t0
  t0=$(date +%s%N)
  (cd "$ZONE_DIR" && timeout 10 "$SIPSURV" "$@" >"$T_DIR/out" 2>"$T_DIR/err")
  RC=$?
  MS=$((($(date +%s%N) - t0) / 1000000))
  OUT=$(cat "$T_DIR/out")
  ERR=$(cat "$T_DIR/err")
}

expect_refused() { # WHAT: exit 64, one line naming what was wrong, quickly
  [[ $RC -eq 64 ]] || fail "$1: exit $RC, expected 64 (stderr: $ERR)"
  [[ $(wc -l <"$T_DIR/err") -eq 1 ]] || fail "$1: expected one line on stderr, got: $ERR"
  ((MS < 2000)) || fail "$1: took $MS ms"
}

test_fifo_and_devices_are_refused_as_input_files() {
  local fifo=$T_DIR/fifo
  mkfifo "$fifo" || fail "mkfifo"
  run "${SIM[@]/zone/$fifo}"
  expect_refused "--dns-file FIFO"
  [[ $ERR == *"--dns-file $fifo: is a FIFO (named pipe); allowed: a regular file"* ]] || fail "message: $ERR"
  echo "--dns-file FIFO refused in $MS ms"
  run "${SIM[@]}" --scenario "$fifo"
  expect_refused "--scenario FIFO"
  [[ $ERR == *"--scenario $fifo: is a FIFO"* ]] || fail "message: $ERR"
  run "${SIM[@]}" --phone "$fifo"
  expect_refused "--phone FIFO"
  [[ $ERR == *"--phone $fifo: is a FIFO"* ]] || fail "message: $ERR"
  # probe reads --targets before any lookup or probe: nothing is sent.
  run probe --targets "$fifo" --dns 127.0.0.1:9
  expect_refused "--targets FIFO"
  [[ $ERR == *"--targets $fifo: is a FIFO"* ]] || fail "message: $ERR"
  run "${SIM[@]}" --scenario /dev/zero
  expect_refused "--scenario /dev/zero"
  [[ $ERR == *"--scenario /dev/zero: is a character device; allowed: a regular file"* ]] || fail "message: $ERR"
  run "${SIM[@]/zone//dev/null}"
  expect_refused "--dns-file /dev/null"
}

test_report_that_cannot_be_written_is_exit_74() {
  [[ -w /dev/full ]] || skip "no /dev/full"
  local format rc
  for format in text json; do
    (cd "$ZONE_DIR" && timeout 10 "$SIPSURV" "${SIM[@]}" --format "$format" >/dev/full 2>"$T_DIR/err")
    rc=$?
    [[ $rc -eq 74 ]] || fail "$format report to /dev/full: exit $rc, expected 74"
    [[ $(wc -l <"$T_DIR/err") -eq 1 ]] || fail "expected one line on stderr, got: $(cat "$T_DIR/err")"
    grep -qx "sipsurv: error: cannot write the report to standard output: No space left on device" "$T_DIR/err" ||
      fail "stderr: $(cat "$T_DIR/err")"
  done
  # The same run to a working stdout has the site's own status (not 0, not 74).
  run "${SIM[@]}"
  [[ $RC -eq 1 ]] || fail "to a file: exit $RC, expected 1"
}

test_closed_pipe_keeps_the_report_status() {
  # A reader that leaves early (| head) is not a failure: no message, and
  # the status is the report's, as documented for EPIPE.
  local rc
  (cd "$ZONE_DIR" && "$SIPSURV" "${SIM[@]}" 2>"$T_DIR/err" | true; exit "${PIPESTATUS[0]}")
  rc=$?
  [[ $rc -eq 1 ]] || fail "exit $rc, expected the report's 1"
  [[ ! -s $T_DIR/err ]] || fail "stderr should be empty: $(cat "$T_DIR/err")"
}

test_watch_refuses_a_textfile_that_is_not_a_regular_file() {
  local fifo=$T_DIR/metrics.prom link=$T_DIR/link.prom
  mkfifo "$fifo" || fail "mkfifo"
  ln -s "$T_DIR/elsewhere.prom" "$link"
  # Refused before the first round: nothing is resolved or probed.
  run watch example.com --dns 127.0.0.1:9 --textfile "$fifo"
  expect_refused "--textfile FIFO"
  [[ $ERR == *"--textfile $fifo: is a FIFO (named pipe); allowed: a regular file or a new file name"* ]] ||
    fail "message: $ERR"
  run watch example.com --dns 127.0.0.1:9 --textfile "$link"
  expect_refused "--textfile symlink"
  [[ $ERR == *"is a symbolic link"* ]] || fail "message: $ERR"
  [[ ! -e $T_DIR/elsewhere.prom ]] || fail "written through the symlink"
  run watch example.com --dns 127.0.0.1:9 --textfile /dev/null
  expect_refused "--textfile /dev/null"
  [[ $ERR == *"is a character device"* ]] || fail "message: $ERR"
}
