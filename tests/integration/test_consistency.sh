# One server order (issue 17): against a DNS server that rotates its answers
# (dnsmasq, tests/lab/components/rotating_dns.sh), the same inputs and --seed
# give the same report every run, and every section of one report names the
# same server. RUNS runs each; times and measured figures are masked
# (mask_times, mask_measured in lib.sh), nothing else.
#
# The RFC 2782 draw must not depend on the order DNS returned the records in:
# within a priority, the records are put in one canonical order before the
# seeded draw. Where it did, these tests fail (resolve's order changes from run
# to run, and status's first line names another server than its Simulation).

# ROT and TUNED are split into words on purpose; LAST_CMD is read by fail.
# shellcheck disable=SC2086,SC2034
ROT="--dns $SIPSURV_LAB_ROTATING_DNS"
RUNS=8
# A site with four weights in one priority (the draw matters), the settings
# of a site without warnings except the missing backup, a fixed seed.
SITE=weighted.lab.test
TUNED="--transport tcp --response-timer 3700 --non-invite-timer 6000 --connectivity-check 30"

test_rotating_server_rotates() {
  # The premise: the rotating server really changes the record order (else
  # the tests below prove nothing), and serves the records NSD serves.
  local orders=() _
  for _ in 1 2 3; do
    orders+=("$(dig +short +norecurse @127.0.0.1 -p "${SIPSURV_LAB_ROTATING_DNS##*:}" _sip._udp.$SITE SRV |
      paste -sd' ')")
  done
  LAST_CMD="dig @$SIPSURV_LAB_ROTATING_DNS _sip._udp.$SITE SRV (3 times)"
  [[ -n ${orders[0]} ]] || fail "the rotating DNS server gave no SRV records"
  [[ ${orders[0]} != "${orders[1]}" && ${orders[1]} != "${orders[2]}" ]] ||
    fail "the rotating DNS server gave one order twice in a row: ${orders[*]}"
  local nsd rot
  nsd=$(dig +short @127.0.0.1 -p "${SIPSURV_LAB_DNS##*:}" _sip._udp.$SITE SRV | sort)
  rot=$(dig +short @127.0.0.1 -p "${SIPSURV_LAB_ROTATING_DNS##*:}" _sip._udp.$SITE SRV | sort)
  [[ $nsd == "$rot" ]] || fail "NSD and the rotating server serve different SRV records: $nsd / $rot"
}

test_resolve_same_every_run() {
  expect_same_output $RUNS mask_times resolve $SITE $ROT --transport udp --seed 7
  # JSON carries the measured time of each DNS question (elapsed_ms).
  expect_same_output $RUNS mask_measured resolve $SITE $ROT --transport udp --seed 7 --format json
  expect_same_output $RUNS mask_measured resolve healthy.lab.test $ROT --transport tls --seed 3 --format json
}

test_resolve_order_does_not_depend_on_the_dns_server() {
  # NSD always answers in zone order, dnsmasq rotates: same records, same
  # seed, same order (TTLs differ: dnsmasq has one TTL for all records).
  local seed nsd rot
  for seed in 1 2 3 4 5 6 7 8; do
    sipsurv resolve $SITE --dns "$SIPSURV_LAB_DNS" --transport udp --seed $seed --format json
    nsd=$(jq -ce '[.sample_order[] | .target] | select(length == 5)' "$T_OUT") ||
      fail "seed $seed: no sample_order of five servers from NSD"
    sipsurv resolve $SITE $ROT --transport udp --seed $seed --format json
    rot=$(jq -ce '[.sample_order[] | .target] | select(length == 5)' "$T_OUT") ||
      fail "seed $seed: no sample_order of five servers from the rotating server"
    [[ $nsd == "$rot" ]] || fail "seed $seed: order $rot from the rotating server, $nsd from NSD"
  done
}

test_status_same_every_run() {
  expect_same_output $RUNS mask_measured status $SITE $ROT $TUNED --seed 7
  expect_same_output $RUNS mask_measured status $SITE $ROT $TUNED --seed 7 --format json
  expect_same_output $RUNS mask_measured status healthy.lab.test $ROT --transport tls --response-timer 3700 \
    --non-invite-timer 6000 --connectivity-check 30 --ca-file "$SIPSURV_LAB_CA" --seed 2
}

# The server named by status's headline, its Simulation section and its JSON.
status_servers() { # status_servers: one line "HEADLINE SIMULATION" from the text report in T_OUT
  local head sim
  head=$(head -n 1 "$T_OUT" | grep -o 'would register with [^ ,]*' | sed 's/.* //')
  sim=$(flowed <"$T_OUT" | grep -m 1 '^  now: ' | grep -o 'registered with [^ ]*' | sed 's/.* //')
  echo "${head:-none} ${sim:-none}"
}

test_status_sections_name_one_server() {
  local seed text json text_head text_sim
  for seed in 1 2 3 4 5 6 7 8; do
    sipsurv status $SITE $ROT $TUNED --seed $seed
    read -r text_head text_sim <<<"$(status_servers)"
    [[ $text_head != none ]] || fail "seed $seed: the first line names no server"
    [[ $text_head == "$text_sim" ]] ||
      fail "seed $seed: the first line names $text_head, the Simulation section $text_sim"
    sipsurv status $SITE $ROT $TUNED --seed $seed --format json
    json=$(jq -r '[.verdict.serving.target + ":" + (.verdict.serving.port | tostring),
                   (.simulation.where | capture("registered with (?<s>[^ ]+)").s),
                   .simulation.if_current_fails.failed] | join(" ")' "$T_OUT")
    text="$text_head $text_head $text_head"
    [[ $json == "$text" ]] ||
      fail "seed $seed: JSON serving / simulation.where / if_current_fails.failed are '$json', the text report names $text_head"
  done
}

test_simulate_assume_up_same_every_run() {
  # Offline model runs: nothing is measured, so only times are masked.
  expect_same_output $RUNS mask_times simulate $SITE $ROT $TUNED --assume-up --seed 7 --duration 400s
  expect_same_output $RUNS mask_times simulate $SITE $ROT $TUNED --assume-up --seed 7 --duration 400s \
    --assume-down w4.weighted.lab.test --format json
  expect_same_output $RUNS mask_times simulate $SITE $ROT --transport udp --assume-up --seed 5 --all-failures
}

test_simulate_live_same_every_run() {
  expect_same_output $RUNS mask_measured simulate $SITE $ROT $TUNED --seed 7 --duration 400s
  expect_same_output $RUNS mask_measured simulate $SITE $ROT $TUNED --seed 7 --duration 400s --format json
}

test_simulate_sections_name_one_server() {
  # All servers up, no scenario: the phone registers with the first server of
  # its order and stays there, so the list, the timeline and the summary name
  # one server.
  local seed list order fetched timeline in_use end json
  for seed in 1 2 3 4 5 6 7 8; do
    sipsurv simulate $SITE $ROT $TUNED --assume-up --seed $seed --duration 60s
    order=$(sed -n '/^Server list/,/^$/p' "$T_OUT" | grep -E '^  [0-9]+\. ' | awk '{print $2}' | paste -sd' ')
    list=${order%% *}
    # The list the timeline's first DNS fetch hands the phone is that order too.
    fetched=$(flowed <"$T_OUT" | grep -m 1 ' dns-fetch ' | sed 's/.* over [a-z]*: //; s/  \[.*//' |
      grep -o '[^ ,]*:[0-9]*' | paste -sd' ')
    [[ -n $order && $order == "$fetched" ]] ||
      fail "seed $seed: the phone's order is '$order', the timeline's DNS fetch gives '$fetched'"
    timeline=$(flowed <"$T_OUT" | grep -m 1 ' registered  ' | awk '{print $3}' | sed 's/:$//')
    in_use=$(flowed <"$T_OUT" | grep -m 1 '(in use at the start)' | sed 's/^ *If \([^ ]*\) .*/\1/')
    end=$(flowed <"$T_OUT" | grep -m 1 'End state: ' | grep -o 'registered with [^ ]*' | sed 's/.* //')
    [[ -n $list && $list == "$timeline" && $list == "$in_use" && $list == "$end" ]] ||
      fail "seed $seed: the phone's order starts with '$list', the timeline registers with '$timeline', the summary's server in use is '$in_use', its end state '$end'"
    sipsurv simulate $SITE $ROT $TUNED --assume-up --seed $seed --duration 60s --format json
    json=$(jq -r '[(.servers[0] | .target + ":" + (.port | tostring)),
                   ([.timeline[] | select(.kind == "registered")][0].server),
                   .summary.if_current_fails.failed, .summary.registered_with] | join(" ")' "$T_OUT")
    [[ $json == "$list $list $list $list" ]] ||
      fail "seed $seed: JSON servers[0] / first registered / in use / registered_with are '$json', the text names $list"
  done
}
