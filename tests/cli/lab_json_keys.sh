# The man page's JSON OUTPUT section documents every key that sipsurv
# resolve writes (drift test; the rest of the page is checked in tests/cli).
# Registered by tests/cli/CMakeLists.txt with the lab fixture; SIPSURV_MAN_PAGE
# is the generated page.

DNS="--dns $SIPSURV_LAB_DNS"

# Every key name in the JSON on stdout, one a line.
json_keys() {
  jq -r '[paths | map(select(type == "string")) | last | select(. != null)] | unique | .[]' "$T_OUT"
}

# The JSON OUTPUT text that applies to COMMAND: the common part and the
# command's subsection.
json_section_for() {
  groff -man -Tascii -P-cbou -rLL=250n "$SIPSURV_MAN_PAGE" 2>/dev/null | awk -v cmd="   sipsurv $1" '
    /^JSON OUTPUT$/ { on = 1; mine = 1; next }
    on && /^[A-Z]/ { exit }
    on && /^   sipsurv / { mine = ($0 == cmd) }
    on && mine { print }'
}

test_resolve_json_keys_are_documented() {
  local section keys key n=0
  section=$(json_section_for resolve)
  [[ -n $section ]] || fail "no JSON OUTPUT section for resolve in $SIPSURV_MAN_PAGE"
  # A healthy site (records, addresses, NAPTR) and one with a CNAME target
  # and a finding: together they fill every array.
  for domain in healthy.lab.test cname.lab.test; do
    sipsurv resolve "$domain" $DNS --transport tls --format json
    expect_valid_json
    keys=$(json_keys)
    [[ -n $keys ]] || fail "no keys in the JSON of $domain"
    while read -r key; do
      grep -qw -- "$key" <<<"$section" || fail "man page JSON OUTPUT does not document resolve's key '$key'"
      n=$((n + 1))
    done <<<"$keys"
  done
  expect_json '[.hosts[].cname_chain[]] | length > 0' true
  echo "checked $n keys"
}
