# A real Icinga 2 daemon runs the sipsurv CheckCommand
# (scripts/integrations/icinga2/command-sipsurv.conf, with the built binary)
# against the lab: the state and output it records, and the performance data
# it parsed and wrote (PerfdataWriter). About 3 to 6 s.

DNS=$SIPSURV_LAB_DNS
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

test_icinga2_checks_a_lab_site() {
  command -v icinga2 >/dev/null || fail "icinga2 is not installed (package icinga2-bin, scripts/debian-packages.txt)"
  local dir conf
  dir=$(mktemp -d)
  # shellcheck disable=SC2064
  trap "rm -rf '$dir'" RETURN
  conf=$dir/command-sipsurv.conf
  sed "s|/usr/bin/sipsurv|$SIPSURV|" "$SRC/scripts/integrations/icinga2/command-sipsurv.conf" >"$conf"
  LAST_CMD="icinga2 daemon running check_command sipsurv on normal.sites.lab.test"
  bash "$SRC/tests/cli/icinga2_check.sh" "$dir/run" "$conf" \
    'vars.sipsurv_domain = "normal.sites.lab.test"' "vars.sipsurv_dns = \"$DNS\"" 'vars.sipsurv_transport = "tcp"' \
    'vars.sipsurv_response_timer = 3700' 'vars.sipsurv_non_invite_timer = 6000' \
    'vars.sipsurv_connectivity_check = 30' 'vars.sipsurv_backup_proxy = "backup.sites.lab.test"' \
    'vars.sipsurv_timeout = 3' >"$T_ERR" 2>&1 || fail "no check result from icinga2: $(cat "$T_ERR")"
  cp "$dir/run/result.json" "$T_OUT"
  RC=$(jq -r .exit_status "$T_OUT")
  expect_rc 0
  [[ $(jq -r .state "$T_OUT") == 0 ]] || fail "Icinga state is not OK"
  jq -r .output "$T_OUT" | grep -q '^SIPSURV OK - normal.sites.lab.test NORMAL: ' || fail "unexpected output"
  # Icinga split the perfdata into as many values as sipsurv printed, one per
  # probe's rtt and probes_ok, and its writer took every one (no "invalid
  # perfdata" in its log).
  sipsurv status normal.sites.lab.test --dns "$DNS" --transport tcp --response-timer 3700 --non-invite-timer 6000 \
    --connectivity-check 30 --backup-proxy backup.sites.lab.test --timeout 3 --format nagios
  local ours theirs
  ours=$(head -n 1 "$T_OUT" | cut -d'|' -f2- | wc -w)
  theirs=$(jq '.performance_data | length' "$dir/run/result.json")
  [[ $ours -eq $theirs && $theirs -ge 4 ]] || fail "sipsurv printed $ours perfdata values, Icinga read $theirs"
  grep -qE "SERVICEPERFDATA::rtt_sip1\.normal\.sites\.lab\.test_5060_tcp_127\.0\.0\.[0-9]+=[0-9.]+ms" \
    "$dir/run/perfdata" || fail "PerfdataWriter line: $(cat "$dir/run/perfdata")"
  if grep -qi 'invalid perfdata' "$dir/run/daemon.log"; then fail "icinga2: $(grep -i 'invalid perfdata' "$dir/run/daemon.log")"; fi
}
