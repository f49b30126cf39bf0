# The man page's JSON OUTPUT section names every key that each command
# writes (drift test; the rest of the page is checked by tests/cli/test_*.sh).
# Registered by tests/cli/CMakeLists.txt with the lab fixture; SIPSURV_MAN_PAGE
# is the generated page. A command this build lacks is skipped.

DNS="--dns $SIPSURV_LAB_DNS"

# Every key name in the JSON (one document or NDJSON) on stdout, one a line.
json_keys() {
  jq -rs '[.[] | paths | map(select(type == "string")) | last | select(. != null)] | unique | .[]' "$T_OUT"
}

# The JSON OUTPUT text that applies to COMMAND: the common part, the
# command's subsection and resolve's (probe and status embed its "dns").
json_section_for() {
  groff -man -Tascii -P-cbou -rLL=250n "$SIPSURV_MAN_PAGE" 2>/dev/null | awk -v cmd="   sipsurv $1" '
    /^JSON OUTPUT$/ { on = 1; mine = 1; next }
    on && /^[A-Z]/ { exit }
    on && /^   sipsurv / { mine = ($0 == cmd || $0 == "   sipsurv resolve") }
    on && mine { print }'
}

# Runs `sipsurv ARGS…` (whose output is JSON) and checks every key of it
# against the man page's section for the command ARGS[0].
expect_keys_documented() {
  local cmd=$1 section keys key n=0
  section=$(json_section_for "$cmd")
  [[ -n $section ]] || fail "no JSON OUTPUT section for $cmd in $SIPSURV_MAN_PAGE"
  sipsurv "$@"
  keys=$(json_keys) || fail "stdout is not JSON"
  [[ -n $keys ]] || fail "no keys in the JSON of: sipsurv $*"
  while read -r key; do
    grep -qw -- "$key" <<<"$section" || fail "man page JSON OUTPUT does not document $cmd's key '$key'"
    n=$((n + 1))
  done <<<"$keys"
  echo "sipsurv $*: $n keys documented"
}

skip_without() { # COMMAND
  # (Its --help would print the main help and exit 0 even without it.)
  if ! "$SIPSURV" --help | grep -qE "^  $1( |$)"; then
    echo "SKIP: no $1 command in this build"
    exit 77
  fi
}

test_resolve_json_keys_are_documented() {
  # A healthy site (records, addresses, NAPTR) and one with a CNAME target
  # and findings: together they fill every array.
  expect_keys_documented resolve healthy.lab.test $DNS --transport tls --format json
  expect_keys_documented resolve cname.lab.test $DNS --transport tls --format json
  expect_json '[.hosts[].cname_chain[]] | length > 0' true
  # Two DNS servers: the per-server check fills dns_servers.
  expect_keys_documented resolve healthy.lab.test $DNS --dns "$SIPSURV_LAB_ROTATING_DNS" --transport tls --format json
  expect_json '.dns_servers | length' 2
}

test_probe_json_keys_are_documented() {
  skip_without probe
  # TLS with a verified chain, and servers answering 503: tls, response and
  # timings filled.
  expect_keys_documented probe healthy.lab.test $DNS --ca-file "$SIPSURV_LAB_CA" --transport all --timeout 5 \
    --format json
  expect_json '[.probes[] | select(.tls != null)] | length > 0' true
  expect_keys_documented probe busy.lab.test $DNS --transport udp --timeout 5 --format json
}

test_status_json_keys_are_documented() {
  skip_without status
  expect_keys_documented status failover.sites.lab.test $DNS --transport udp --timeout 3 --format json
  expect_keys_documented status branch.lab.test $DNS --transport tcp --survivability-proxy proxy.branch.lab.test \
    --timeout 3 --format json
}

test_watch_json_keys_are_documented() {
  skip_without watch
  expect_keys_documented watch failover.sites.lab.test $DNS --transport udp --interval 0.1 --count 3 --timeout 3 \
    --format json
}
