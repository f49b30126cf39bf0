# status --save against the lab, then --replay of the saved bundle without
# the network: the same settings give the same verdict, findings and
# simulation; another setting (the connectivity check off) gives another
# simulation from the same data. healthy.lab.test over TLS with the lab CA
# (tests/lab/components/sites.sh), as a support engineer would get it.

DNS="--dns $SIPSURV_LAB_DNS"
TLS_TUNED="--transport tls --ca-file $SIPSURV_LAB_CA --response-timer 3700 --non-invite-timer 6000
  --connectivity-check 30"

# The JSON report without what differs between a live run and its replay by
# nature: the time, the replay's own header fields and --save/--replay. The recorded figures
# (round trips, outage bounds) are the same data and stay.
strip_replay() {
  jq -S 'del(.time, .replay) | .settings |= map(select(startswith("--save ") or startswith("--replay ") | not))' "$1"
}

# A directory of this test's own for the bundle (lib.sh has none).
replay_dir() {
  T_DIR=$(mktemp -d)
  at_exit "rm -rf '$T_DIR'"
}

test_save_then_replay_gives_the_same_report() {
  replay_dir
  local bundle=$T_DIR/healthy.evidence.json live=$T_DIR/live.json
  # shellcheck disable=SC2086
  sipsurv status healthy.lab.test $DNS $TLS_TUNED --save "$bundle" --format json
  local live_rc=$RC state
  cp "$T_OUT" "$live"
  state=$(jq -r .verdict.state "$live")
  [[ $state == NORMAL || $state == DEGRADED ]] || fail "healthy.lab.test is $state"
  [[ -s $bundle ]] || fail "--save wrote nothing"
  /usr/bin/python3 -c 'import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))' \
    "$bundle" "$TESTS_DIR/../man/sipsurv-evidence-1.schema.json" 2>"$T_CHECK" ||
    fail "the bundle breaks man/sipsurv-evidence-1.schema.json: $(tail -n 5 "$T_CHECK")"
  echo "bundle: $(wc -c <"$bundle") bytes, $(jq '.dns | length' "$bundle") DNS exchanges, $(jq '.probes | length' "$bundle") probes"

  # No network: a --dns that nothing answers would show if it were asked.
  sipsurv status --replay "$bundle" --format json
  expect_rc "$live_rc"
  echo "replay: $WALL_MS ms"
  expect_json .replay.taken_by "sipsurv $("$SIPSURV" --version | head -n 1 | cut -d' ' -f2)"
  expect_json '.replay.changed | length' 0
  expect_json ".replay.taken_at == \"$(jq -r .time "$live")\"" true
  diff -u <(strip_replay "$live") <(strip_replay "$T_OUT") >"$T_DIR/diff" ||
    fail "the replay differs from the live report: $(head -n 40 "$T_DIR/diff")"

  sipsurv status --replay "$bundle"
  expect_rc "$live_rc"
  expect_first_line "$state: "
  expect_out_flowed "replay of $bundle: data taken at $(jq -r .time "$live") by sipsurv"

  # Another setting, the same data: the check off makes the worst case longer.
  sipsurv status --replay "$bundle" --connectivity-check 0 --format json
  expect_json '.replay.changed | join(" ")' "--connectivity-check (the default)"
  local worst_live worst_off
  worst_live=$(jq '.simulation.if_current_fails.worst_ms' "$live")
  worst_off=$(jq '.simulation.if_current_fails.worst_ms' "$T_OUT")
  echo "worst outage: live $worst_live ms, replayed without the check $worst_off ms"
  [[ $worst_off != "$worst_live" ]] || fail "the connectivity check off did not change the simulation ($worst_off ms)"
  [[ "$(jq -c '[.probes[] | [.target, .state, .rtt_ms]]' "$T_OUT")" == "$(jq -c '[.probes[] | [.target, .state, .rtt_ms]]' "$live")" ]] ||
    fail "the replayed probes differ from the recorded ones"

  # simulate starts from the same bundle.
  sipsurv simulate --replay "$bundle" --format json
  expect_json .probed true
  expect_json '.replay.file' "$bundle"
}

test_replay_refuses_what_the_recording_cannot_answer() {
  replay_dir
  local bundle=$T_DIR/healthy.evidence.json
  # shellcheck disable=SC2086
  sipsurv status healthy.lab.test $DNS $TLS_TUNED --save "$bundle"
  [[ -s $bundle ]] || fail "--save wrote nothing"
  sipsurv status --replay "$bundle" --transport udp
  expect_rc 64
  expect_err_one_line
  expect_err "the recording has no probe of"
  sipsurv status --replay "$bundle" --insecure
  expect_rc 64
  expect_err_one_line
  expect_err "--insecure is not allowed with --replay"
  sipsurv status --replay "$bundle" --dns 127.0.0.1:9
  expect_rc 64
  expect_err "--dns is not allowed with --replay unless it is the recording's"
  sipsurv status other.lab.test --replay "$bundle"
  expect_rc 64
  expect_err "DOMAIN 'other.lab.test' is not the recording's"
}
