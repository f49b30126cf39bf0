# The monitoring outputs the suite records (tests/golden/status/*.prom and
# *.nagios, written by tests/unit/test_status_golden.cpp, watch's textfile
# among them) through the checkers that Prometheus and the Monitoring Plugins
# rules define: promtool check metrics, and check_nagios.py's perfdata
# grammar. The integration tests run the same checkers on every lab output
# (tests/integration/lib.sh, check_output).

GOLDEN=$SIPSURV_SOURCE_DIR/tests/golden/status

test_golden_openmetrics_pass_promtool() {
  need promtool
  local n=0 f out
  for f in "$GOLDEN"/*.prom; do
    out=$(promtool check metrics <"$f" 2>&1) || fail "promtool check metrics $f:"$'\n'"$out"
    [[ $(tail -n 1 "$f") == "# EOF" ]] || fail "$f does not end with # EOF"
    n=$((n + 1))
  done
  [[ -f $GOLDEN/watch.prom ]] || fail "no golden watch textfile ($GOLDEN/watch.prom)"
  ((n >= 4)) || fail "only $n golden .prom files"
  echo "promtool: $n files pass"
}

test_promtool_rejects_what_issue_14_reported() {
  # The old certificate metric: a day count, not a base unit. promtool must
  # fail it, or the test above proves nothing.
  need promtool
  printf '%s\n' '# HELP sipsurv_tls_cert_days_left Days until the certificate expires.' \
    '# TYPE sipsurv_tls_cert_days_left gauge' 'sipsurv_tls_cert_days_left{domain="x"} 30' >"$T_DIR/old.prom"
  if promtool check metrics <"$T_DIR/old.prom" >/dev/null 2>&1; then
    fail "promtool accepted a metric in days"
  fi
}

test_golden_nagios_follow_the_plugin_rules() {
  local files=("$GOLDEN"/*.nagios)
  ((${#files[@]} >= 3)) || fail "only ${#files[@]} golden .nagios files"
  check_nagios "${files[@]}" || fail "golden Nagios output breaks the plugin rules"
}

test_perfdata_checker_catches_breakage() {
  # Each line breaks one rule: a repeated label, '|' in the text, an
  # unknown unit, a bad range, '=' in a label, a state word that is not the
  # exit status.
  local bad
  for bad in "SIPSURV OK - a|'x'=1ms;;;0; 'x'=2ms;;;0;" \
    "SIPSURV OK - a|b 'x'=1" \
    "SIPSURV OK - a|'x'=1days" \
    "SIPSURV OK - a|'x'=1;1:2:3" \
    "SIPSURV OK - a|'x=y'=1" \
    "SIPSURV OK - a|'x'=1"$'\n'"STA001 warning: a | b"; do
    if printf '%s\n' "$bad" | check_nagios - >/dev/null 2>&1; then fail "check_nagios.py accepted: $bad"; fi
  done
  if printf '%s\n' "SIPSURV OK - a|'x'=1" | check_nagios --rc 2 - >/dev/null 2>&1; then
    fail "check_nagios.py accepted OK with exit status 2"
  fi
  printf '%s\n' "SIPSURV OK - a|'it''s'=1.5ms;10;20;0; 'b c'=2;@1:5;~:9;;" | check_nagios --rc 0 - ||
    fail "check_nagios.py refused valid perfdata"
}

test_unknown_status_follows_the_plugin_rules() {
  # No DNS server answers (a closed port on loopback): UNKNOWN, exit 3, and
  # still well-formed output in both monitoring formats.
  local rc
  "$SIPSURV" status example.test --dns 127.0.0.1:9 --timeout 0.5 --format nagios >"$T_DIR/out.nagios"
  rc=$?
  [[ $rc -eq 3 ]] || fail "exit status $rc, expected 3: $(cat "$T_DIR/out.nagios")"
  check_nagios --rc "$rc" "$T_DIR/out.nagios" || fail "status --format nagios breaks the plugin rules"
  need promtool
  "$SIPSURV" status example.test --dns 127.0.0.1:9 --timeout 0.5 --format openmetrics >"$T_DIR/out.prom"
  promtool check metrics <"$T_DIR/out.prom" || fail "promtool check metrics: $(cat "$T_DIR/out.prom")"
}
