# sipsurv status and watch against the lab: sites.lab.test (Kamailio servers,
# tests/lab/components/sites.sh) and branch.lab.test (a Kamailio survivability
# proxy in front of a Kamailio primary, tests/lab/components/branch.sh).

DNS="--dns $SIPSURV_LAB_DNS"
# Phone settings without a risky value (recommended timers, a connectivity
# check, a backup), so that a healthy site is NORMAL; the phone's defaults
# raise SIM warnings and make the same site DEGRADED (test_defaults_degrade).
TUNED="--transport tcp --response-timer 3700 --non-invite-timer 6000 --connectivity-check 30
  --backup-proxy backup.sites.lab.test"
LAB=$(cd "$(dirname "${BASH_SOURCE[0]}")/../lab" && pwd)/lab

test_normal_text() {
  sipsurv status normal.sites.lab.test $DNS $TUNED --timeout 3
  expect_rc 0
  expect_first_line "NORMAL: "
  expect_out "sipsurv 0."
  expect_out "resolver $SIPSURV_LAB_DNS"
  expect_out "settings: --dns $SIPSURV_LAB_DNS --transport tcp"
  expect_out "--response-timer 3700"
  expect_out "DNS"
  expect_out "sip1.normal.sites.lab.test:5060"
  expect_out "Probes (SIP OPTIONS, timeout 3 s)"
  expect_out "Simulation"
  expect_out "Findings"
  # Both servers answered their OPTIONS over TCP, the backup over UDP.
  [[ $(grep -cE ' tcp +ok ' "$T_OUT") -eq 2 ]] || fail "expected two ok TCP probes"
  expect_out "backup  backup.sites.lab.test:5060"
  expect_out "200 OK"
  expect_out "  none"
}

test_defaults_degrade() {
  sipsurv status normal.sites.lab.test $DNS --transport udp
  expect_rc 1
  expect_first_line "DEGRADED: the phone would register with sip1.normal.sites.lab.test:5060"
  expect_out_flowed "DEGRADED: the phone would register with sip1.normal.sites.lab.test:5060, but warnings hold"
  expect_out "SIM001"
  expect_out "SIM005"
  expect_out "SIM006"
}

test_normal_json() {
  sipsurv status normal.sites.lab.test $DNS $TUNED --format json
  expect_rc 0
  expect_valid_json
  expect_json .schema sipsurv/1
  expect_json .command status
  expect_json .verdict.state NORMAL
  expect_json .verdict.serving.target sip1.normal.sites.lab.test
  expect_json .verdict.serving.priority 10
  expect_json '.probes | length' 3
  expect_json '[.probes[].state] | unique | join(",")' ok
  expect_json '.probes[0].status' 200
  expect_json '.probes[0].transport' tcp
  expect_json '.probes[2].role' backup
  expect_json '.probes[2].transport' udp
  expect_json '.findings | length' 0
  expect_json '.dns.servers | length' 2
  expect_json '.survivability_proxy' null
  expect_json '.time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$")' true
  expect_json '.simulation.out_of_service' false
  expect_json '.simulation.if_current_fails.next | contains("sip2.normal.sites.lab.test")' true
}

test_one_primary_down_is_failover() {
  sipsurv status failover.sites.lab.test $DNS --transport udp --format json
  expect_rc 1
  expect_json .verdict.state FAILOVER
  expect_json .verdict.serving.target sip2.failover.sites.lab.test
  expect_json '.probes[0].state' refused
  expect_json '.probes[0].status' null
  expect_json '.probes[1].state' ok
  expect_json '[.findings[].id] | index("STA001") != null' true
}

test_all_primaries_down_with_backup() {
  sipsurv status dead.sites.lab.test $DNS --transport tcp --backup-proxy backup.sites.lab.test \
    --backup-transport udp
  expect_rc 2
  expect_first_line "BACKUP: "
  expect_out "backup  backup.sites.lab.test:5060"
  expect_out "STA002"
  sipsurv status dead.sites.lab.test $DNS --transport tcp --backup-proxy 127.0.0.145:5060 --format json
  expect_rc 2
  expect_json .verdict.state BACKUP
  expect_json '[.probes[] | select(.role == "backup") | .state][0]' ok
  expect_json '.simulation.on_backup' true
}

test_everything_down() {
  sipsurv status dead.sites.lab.test $DNS --transport tcp --backup-proxy deadbackup.sites.lab.test
  expect_rc 2
  expect_first_line "DOWN: "
  expect_out "STA003"
  expect_out "STA006"
  sipsurv status dead.sites.lab.test $DNS --transport udp --format nagios
  expect_rc 2
  expect_first_line "SIPSURV CRITICAL - "
}

test_dns_down_is_unknown() {
  sipsurv status normal.sites.lab.test --dns 127.0.0.1:9 --timeout 1
  expect_rc 3
  expect_first_line "UNKNOWN: "
  sipsurv status normal.sites.lab.test --dns 127.0.0.1:9 --timeout 1 --format nagios
  expect_rc 3
  expect_first_line "SIPSURV UNKNOWN - "
}

test_survivability_proxy_relaying_then_standing_in() {
  # Restore the primary whatever happens, so other tests see a normal branch.
  trap '"$LAB" start-one "$SIPSURV_LAB_DIR" branch_primary >/dev/null 2>&1 || true' RETURN
  sipsurv status branch.lab.test $DNS $TUNED --survivability-proxy proxy.branch.lab.test --format json
  expect_rc 0
  expect_json .verdict.state NORMAL
  expect_json .survivability_proxy.mode relaying
  expect_json '.survivability_proxy.hops | length' 3
  expect_json '.survivability_proxy.hops[0].server' lab-branch-proxy
  expect_json '.survivability_proxy.hops[2].server' "lab-primary (OpenScape Voice stand-in)"

  "$LAB" stop-one "$SIPSURV_LAB_DIR" branch_primary
  sipsurv status branch.lab.test $DNS --transport tcp --survivability-proxy proxy.branch.lab.test \
    --survivable-indicator "X-Survivability: active"
  expect_rc 1
  expect_first_line "SURVIVABLE: "
  expect_out "Survivability proxy proxy.branch.lab.test: standing-in"
  expect_out "X-Survivability"
  expect_out "STA004"
  # Without --survivability-proxy the indicator is enough to detect it.
  sipsurv status branch.lab.test $DNS --transport tcp --survivable-indicator "X-Survivability: active" --format json
  expect_rc 1
  expect_json .survivability_proxy.detected true
  expect_json .survivability_proxy.mode standing-in
  expect_json .verdict.state SURVIVABLE
}

test_monitoring_formats() {
  sipsurv status normal.sites.lab.test $DNS $TUNED --format nagios
  expect_rc 0
  expect_first_line "SIPSURV OK - "
  head -n 1 "$T_OUT" | grep -qE "\|'rtt_sip1\.normal\.sites\.lab\.test_5060_tcp_127\.0\.0\.[0-9]+'=[0-9.]+ms;;;0;? " ||
    fail "nagios perfdata lacks the rtt of sip1"
  sipsurv status normal.sites.lab.test $DNS $TUNED --format openmetrics
  expect_rc 0
  expect_out "# TYPE sipsurv_site_state"
  expect_out 'sipsurv_probe_up{'
  tail -n 1 "$T_OUT" | grep -qx "# EOF" || fail "OpenMetrics must end with # EOF"
}

# TLS with the lab CA: certificate expiry in both formats; sip1.healthy has
# two addresses (127.0.0.11 and, with IPv6 loopback, ::1), and each address
# gets its own perfdata label (check_output's grammar check fails on a repeat).
test_monitoring_formats_tls() {
  local tls="--transport tls --ca-file $SIPSURV_LAB_CA --connectivity-check 30 --response-timer 3700
    --non-invite-timer 6000 --timeout 5"
  # shellcheck disable=SC2086
  sipsurv status healthy.lab.test $DNS $tls --format nagios
  head -n 1 "$T_OUT" | grep -qE "'cert_days_sip1\.healthy\.lab\.test_5061_tls_127\.0\.0\.11'=[0-9]+;30:;0:" ||
    fail "nagios perfdata lacks the certificate days of sip1 at 127.0.0.11"
  if [[ $SIPSURV_LAB_IPV6 == 1 ]]; then
    head -n 1 "$T_OUT" | grep -qF "'rtt_sip1.healthy.lab.test_5061_tls_::1'=" ||
      fail "nagios perfdata lacks the rtt of sip1 at ::1"
  fi
  # shellcheck disable=SC2086
  sipsurv status healthy.lab.test $DNS $tls --format openmetrics
  local expiry now
  expiry=$(awk '/^sipsurv_tls_cert_expiry_timestamp_seconds\{.*target="sip1.healthy.lab.test".*address="127.0.0.11"/ { print $2 }' "$T_OUT")
  now=$(date +%s)
  [[ $expiry =~ ^[0-9]+$ ]] || fail "no sipsurv_tls_cert_expiry_timestamp_seconds for sip1 at 127.0.0.11"
  ((expiry > now && expiry < now + 3650 * 86400)) || fail "certificate expiry $expiry is not a Unix time after now ($now)"
}

test_bad_input() {
  sipsurv status 'bad domain!' $DNS
  expect_rc 64
  expect_err_one_line
  sipsurv status normal.sites.lab.test $DNS --format yaml
  expect_rc 64
  expect_err "yaml"
  sipsurv status normal.sites.lab.test --dns not-an-address
  expect_rc 64
  expect_err_one_line
}

test_watch_sees_failover_and_failback() {
  trap '"$LAB" start-one "$SIPSURV_LAB_DIR" sites_watch >/dev/null 2>&1 || true' RETURN
  local out=$SIPSURV_LAB_DIR/watch.ndjson
  # 0.3 s rounds, 2 rounds to go down or up: stop the priority-1 server
  # after ~1 s, start it after ~3 s (Kamailio's restart may take seconds on a
  # busy machine), stop watching after 9 s.
  # shellcheck disable=SC2086
  timeout 30 "$SIPSURV" watch watch.sites.lab.test $DNS $TUNED --timeout 1 --interval 0.3 \
    --down-after 2 --up-after 2 --duration 9 --format json >"$out" 2>"$T_ERR" &
  local pid=$!
  sleep 1
  "$LAB" stop-one "$SIPSURV_LAB_DIR" sites_watch
  sleep 2
  "$LAB" start-one "$SIPSURV_LAB_DIR" sites_watch >/dev/null
  wait "$pid"
  RC=$?
  cp "$out" "$T_OUT"
  LAST_CMD="sipsurv watch watch.sites.lab.test (stop/start sip1)"
  expect_rc 1 # the worst state seen was FAILOVER
  local states
  states=$(jq -r 'select(.event == "state") | .state' "$out" | paste -sd, -)
  [[ $states == "NORMAL,FAILOVER,NORMAL" ]] || fail "state changes were '$states', expected NORMAL,FAILOVER,NORMAL"
  [[ $(jq -r 'select(.event == "target" and .up == false) | .target' "$out") == "sip1.watch.sites.lab.test:5060/tcp" ]] ||
    fail "expected sip1 to go down once"
  expect_json 'select(.event == "summary") | .worst_state' FAILOVER
  expect_json 'select(.event == "summary") | .state_transitions' 2
  expect_json 'select(.event == "summary") | [.targets[] | select(.target | startswith("sip1")) | .availability < 1][0]' true
}

test_watch_summary_on_sigint() {
  # shellcheck disable=SC2086
  timeout 30 "$SIPSURV" watch normal.sites.lab.test $DNS $TUNED --interval 0.2 >"$T_OUT" 2>"$T_ERR" &
  local pid=$!
  sleep 1
  kill -INT "$pid"
  wait "$pid"
  RC=$?
  LAST_CMD="sipsurv watch normal.sites.lab.test (SIGINT after 1 s)"
  expect_rc 0
  expect_out "watching normal.sites.lab.test every 0.2 s"
  expect_out "NORMAL: "
  expect_out "stopped by signal; worst state NORMAL"
  expect_out "sip1.normal.sites.lab.test:5060/tcp"
  expect_out "backup backup.sites.lab.test:5060/udp"
  expect_out "available 100.0%"
}

test_watch_count_and_textfile() {
  local file=$SIPSURV_LAB_DIR/sipsurv.prom
  rm -f "$file"
  sipsurv watch failover.sites.lab.test $DNS --transport udp --interval 0.1 --count 3 --textfile "$file"
  expect_rc 1
  expect_out "summary: 3 round(s)"
  expect_out "FAILOVER"
  grep -q '^sipsurv_site_state' "$file" || fail "textfile lacks sipsurv_site_state"
  local left
  left=$(compgen -G "$file.?*") && fail "textfile's temporary file was left behind: $left"
  [[ $(stat -c %a "$file") == "$(printf '%o' $((0666 & ~$(umask))))" ]] || fail "textfile mode $(stat -c %a "$file")"
  check_openmetrics_file "$file"
  # The state under hysteresis (FAILOVER from the first round on) and the round counts.
  grep -qx 'sipsurv_site_state{domain="failover.sites.lab.test",state="FAILOVER"} 1' "$file" ||
    fail "textfile does not show the FAILOVER state: $(grep ^sipsurv_site_state "$file")"
  grep -qx 'sipsurv_watch_rounds{domain="failover.sites.lab.test"} 3' "$file" || fail "textfile lacks 3 rounds"
  grep -qE '^sipsurv_watch_target_up\{domain="failover.sites.lab.test",target="sip1.failover.sites.lab.test:5060/udp"\} 0$' \
    "$file" || fail "textfile does not show sip1 down under hysteresis"
}

test_closed_pipe_keeps_exit_code() {
  # The reader is gone before the report is written (EPIPE): no "internal
  # error", and the exit status is still the verdict's.
  LAST_CMD="sipsurv status failover.sites.lab.test | true"
  # shellcheck disable=SC2086
  ("$SIPSURV" status failover.sites.lab.test $DNS --transport udp 2>"$T_ERR" | true; exit "${PIPESTATUS[0]}")
  RC=$?
  expect_rc 1
  [[ ! -s $T_ERR ]] || fail "stderr should be empty"
}

test_simulate_live_probes_the_servers() {
  # Live simulate starts from what the probes found: sip1 is stopped, so its
  # port refuses the TCP connection (RST) and the phone moves on at once.
  sipsurv simulate failover.sites.lab.test $DNS $TUNED
  expect_out "Servers: probed"
  expect_out_flowed "sip1.failover.sites.lab.test: refuses connections (TCP RST, ICMP port unreachable)"
  expect_out "End state: registered with sip2.failover.sites.lab.test:5060 (priority 20)"
  sipsurv simulate failover.sites.lab.test $DNS $TUNED --assume-up --format json
  expect_json .probed false
}

test_simulate_live_trusts_what_ca_file_names() {
  # The lab's TLS servers (certs.lab.test) have certificates from the lab CA:
  # without --ca-file none verifies and the phone registers nowhere; with it
  # the good one carries the calls and the broken certificates still fail.
  local tls="--transport tls --response-timer 3700 --non-invite-timer 6000 --connectivity-check 30 --duration 60s"
  sipsurv simulate certs.lab.test $DNS $tls --format json
  expect_json '.summary.out_of_service' true
  expect_json '.summary.registered_with' null
  sipsurv simulate certs.lab.test $DNS $tls --ca-file "$SIPSURV_LAB_CA"
  expect_rc 1 # SIM005: no backup server configured
  expect_out "registered with good.certs.lab.test:5061 (priority 10)"
  expect_out "expired.certs.lab.test: TLS breaks"
  sipsurv simulate certs.lab.test $DNS $tls --ca-file /nonexistent/ca.pem
  expect_rc 64
  expect_err_one_line
}

# Issue 16: watch keeps one TLS context (its trust, --ca-file, client
# certificate) for its whole life: the CA file is read once, not per round.
test_watch_reads_the_ca_file_once() {
  command -v strace >/dev/null || skip "strace is not installed"
  strace -o /dev/null true 2>/dev/null || skip "strace cannot trace here (no ptrace)"
  local trace
  trace=$(mktemp)
  at_exit "rm -f $trace"
  LAST_CMD="strace sipsurv watch healthy.lab.test --count 4 (TLS, --ca-file)"
  timeout 60 strace -f -e trace=openat -o "$trace" "$SIPSURV" watch healthy.lab.test $DNS --transport tls \
    --ca-file "$SIPSURV_LAB_CA" --count 4 --interval 0.2 --timeout 3 >"$T_OUT" 2>"$T_ERR"
  RC=$?
  grep -q "summary: 4 round(s)" "$T_OUT" || fail "watch did not run 4 rounds"
  local opens
  opens=$(grep -c -- "$SIPSURV_LAB_CA" "$trace")
  [[ $opens -eq 1 ]] || fail "the CA file was opened $opens times in 4 rounds; expected once"
}
