# sipsurv resolve against the lab's NSD (zone tests/lab/zones/lab.test.zone)
# and its deliberately broken DNS server (tests/lab/hostile_dns.py).

DNS="--dns $SIPSURV_LAB_DNS"
BAD="--dns $SIPSURV_LAB_HOSTILE_DNS"

test_healthy_tls_text() {
  sipsurv resolve healthy.lab.test $DNS --transport tls
  expect_rc 0
  expect_first_line "healthy.lab.test: 3 SIP server(s) for transport tls from"
  expect_out_flowed "healthy.lab.test: 3 SIP server(s) for transport tls from _sips._tcp.healthy.lab.test,"
  expect_out_flowed "* _sips._tcp.healthy.lab.test (used by the phone: transport tls; answered by $SIPSURV_LAB_DNS)"
  expect_out "10    60     5061  sip1.healthy.lab.test  300"
  expect_out "A     127.0.0.11  TTL 600"
  expect_out "AAAA  ::1  TTL 600"
  expect_out "SIPS+D2T"
  expect_out "the phone fetches the list again after 300 s (the SRV TTL)"
  expect_out_flowed "_sip._tls.healthy.lab.test (legacy name, not used by RFC 3263 phones; answered by $SIPSURV_LAB_DNS)"
  [[ ! -s $T_ERR ]] || fail "stderr should be empty"
}

test_healthy_json() {
  sipsurv resolve healthy.lab.test $DNS --transport tls --format json
  expect_rc 0
  expect_valid_json
  expect_json .schema "sipsurv/1"
  expect_json .command resolve
  expect_json .outcome usable
  expect_json '.srv[0].name' "_sips._tcp.healthy.lab.test"
  expect_json '.srv[0].used_by_phone' true
  expect_json '[.srv[0].records[].ttl] | unique | .[0]' 300
  expect_json '[.srv[] | select(.name == "_sip._udp.healthy.lab.test") | .records[0].ttl][0]' 900
  expect_json '.servers | length' 3
  expect_json '.servers[0].target' sip1.healthy.lab.test
  expect_json '.servers[0].share * 1000 | round' 599
  expect_json '.servers[2].priority' 20
  expect_json '[.hosts[] | select(.host == "sip2.healthy.lab.test") | .addresses[0].ttl][0]' 700
  expect_json '.naptr.records | length' 3
  expect_json '.refetch_after_ms' 300000
  expect_json '.findings | length' 0
}

test_transport_selects_srv_name() {
  sipsurv resolve healthy.lab.test $DNS --transport udp --format json
  expect_rc 0
  expect_json '[.srv[] | select(.used_by_phone) | .name][0]' "_sip._udp.healthy.lab.test"
  expect_json '.servers | length' 3
  expect_json '.refetch_after_ms' 900000
  sipsurv resolve healthy.lab.test $DNS --transport tcp --format json
  expect_json '[.srv[] | select(.used_by_phone) | .name][0]' "_sip._tcp.healthy.lab.test"
}

test_seed_makes_order_repeatable() {
  sipsurv resolve healthy.lab.test $DNS --transport udp --format json --seed 5
  local a b
  a=$(jq -c .sample_order "$T_OUT")
  sipsurv resolve healthy.lab.test $DNS --transport udp --format json --seed 5
  b=$(jq -c .sample_order "$T_OUT")
  [[ $a == "$b" ]] || fail "same seed gave different orders: $a vs $b"
  # The priority-20 server is always last.
  expect_json '.sample_order[2].target' sip3.healthy.lab.test
}

test_ipv6_dns_server() {
  need_ipv6
  sipsurv resolve healthy.lab.test --dns "$SIPSURV_LAB_DNS6" --transport tls --format json
  expect_rc 0
  expect_json .outcome usable
}

test_cname_and_target_without_address() {
  sipsurv resolve cname.lab.test $DNS --transport tls --format json
  expect_rc 0
  expect_json '[.findings[].id] | sort | join(",")' "DNS002,DNS003"
  expect_json '[.hosts[] | select(.host == "alias.cname.lab.test") | .cname_chain[0].target][0]' real.cname.lab.test
  expect_json '[.hosts[] | select(.host == "alias.cname.lab.test") | .addresses[0].address][0]' 127.0.0.21
  expect_json '[.hosts[] | select(.host == "noaddr.cname.lab.test") | .addresses | length][0]' 0
}

test_fake_redundancy_and_long_ttl() {
  sipsurv resolve fake.lab.test $DNS --transport tls
  expect_rc 0
  expect_out "DNS004"
  expect_out "DNS006"
  expect_out "a.fake.lab.test, b.fake.lab.test -> 127.0.0.30"
}

test_single_target_short_ttl() {
  sipsurv resolve single.lab.test $DNS --transport tls --format json
  expect_rc 0
  expect_json '[.findings[].id] | sort | join(",")' "DNS005,DNS007"
}

test_srv_missing_for_transport() {
  sipsurv resolve udponly.lab.test $DNS --transport tls
  expect_rc 2
  expect_out "DNS001"
  expect_out_flowed "_sip._udp.udponly.lab.test has 1 record(s)"
  expect_out "DNS009"
  expect_err "DNS001"
  expect_err_one_line
}

test_domain_without_srv() {
  sipsurv resolve nosrv.lab.test $DNS --transport tls --format json
  expect_rc 2
  expect_json .outcome unusable
  expect_json '[.findings[].id] | join(",")' DNS001
}

test_nxdomain() {
  sipsurv resolve missing.lab.test $DNS --transport tls --format json
  expect_rc 2
  expect_json '[.findings[].id] | join(",")' DNS011
  expect_err_one_line
  expect_err "does not exist"
}

test_dot_target() {
  sipsurv resolve dot.lab.test $DNS --transport tls
  expect_rc 2
  expect_out DNS013
}

test_port_set_skips_srv() {
  sipsurv resolve healthy.lab.test $DNS --sip-server sbc.lab.test --sip-server-port 5061 --transport tls --format json
  expect_rc 0
  expect_json '.query.use_srv' false
  expect_json '.srv | length' 0
  expect_json '.servers[0].target' sbc.lab.test
  expect_json '.servers[0].port' 5061
  expect_json '[.servers[0].addresses[].address] | join(",")' "127.0.0.70,::1"
  expect_json '[.findings[].id] | join(",")' DNS008
}

test_servfail_from_real_server() {
  # NSD answers SERVFAIL for broken.test: a zone it serves but cannot load.
  sipsurv resolve site.broken.test $DNS --transport tls
  expect_rc 2
  expect_out "SERVFAIL"
  expect_out DNS012
  expect_err_one_line
}

test_no_dns_server_answers() {
  sipsurv resolve healthy.lab.test --dns 127.0.0.1:9 --transport tls --timeout 1
  expect_rc 3
  expect_err "no DNS server answered"
  expect_err_one_line
  ((WALL_MS < 3000)) || fail "took $WALL_MS ms with --timeout 1"
}

test_silent_server_bounded_by_timeout() {
  sipsurv resolve silent.bad.test $BAD --transport tls --timeout 1.5 --format json
  expect_rc 3
  expect_valid_json
  expect_json .outcome no_answer
  ((WALL_MS < 3500)) || fail "took $WALL_MS ms with --timeout 1.5"
}

test_malformed_answer() {
  sipsurv resolve malformed.bad.test $BAD --transport tls --timeout 2
  expect_rc 2
  expect_out DNS014
  expect_out "runs past the end"
}

test_truncated_answer_retried_over_tcp() {
  sipsurv resolve truncated.bad.test $BAD --transport tls --timeout 2 --format json
  expect_rc 2
  expect_json '[.findings[].id] | index("DNS014") != null' true
}

test_thousand_srv_records_are_capped() {
  sipsurv resolve many.bad.test $BAD --transport tls --timeout 5 --format json
  expect_rc 0
  expect_json '.servers | length' 256
  expect_json '[.findings[].id] | index("DNS014") != null' true
}

test_cname_loop_is_bounded() {
  sipsurv resolve loop.bad.test $BAD --transport tls --timeout 2
  expect_rc 2
  expect_out "CNAME chain longer than the limit"
}

test_escape_sequences_from_dns_are_escaped() {
  sipsurv resolve ansi.bad.test $BAD --transport tls --timeout 2
  expect_rc 2
  expect_no_escape_bytes
}

test_bad_arguments_are_usage_errors() {
  sipsurv resolve 'bad domain!' $DNS
  expect_rc 64
  expect_err_one_line
  expect_err "invalid domain"
  expect_err "allowed"
  sipsurv resolve healthy.lab.test --dns not-an-address
  expect_rc 64
  expect_err_one_line
  expect_err "--dns"
  sipsurv resolve healthy.lab.test $DNS --transport carrier-pigeon
  expect_rc 64
  expect_err_one_line
  sipsurv resolve healthy.lab.test $DNS --timeout 0
  expect_rc 64
  sipsurv resolve
  expect_rc 64
  expect_err_one_line
}

test_phone_file_sets_transport() {
  local phone
  phone=$(mktemp --suffix .ini)
  printf 'transport = "tls"\ndns = ["%s"]\n' "$SIPSURV_LAB_DNS" >"$phone"
  sipsurv resolve healthy.lab.test --phone "$phone" --format json
  rm -f "$phone"
  expect_rc 0
  expect_json '.query.transport' tls
}

test_truncated_answer_whose_tcp_retry_fails_says_so() {
  # The UDP-only port refuses TCP: the truncated answer cannot be asked again,
  # and the report says that, not "refused" or "no answer".
  sipsurv resolve truncated.bad.test --dns "$SIPSURV_LAB_HOSTILE_DNS_UDPONLY" --transport tls --timeout 2 --format json
  expect_json '[.srv[] | .lookup.detail // empty | select(test("truncated and the TCP retry failed"))] | length > 0' true
  sipsurv resolve truncated.bad.test --dns "$SIPSURV_LAB_HOSTILE_DNS_UDPONLY" --transport tls --timeout 2
  expect_out "the UDP answer was truncated and the TCP retry failed"
}

# The phone's Primary/Secondary DNS (issue 15.4): every answer names its
# server, and each --dns server is asked the phone's SRV name alone.
DEAD_DNS=127.0.0.130:53 # the lab's "nothing" address: ICMP port unreachable

test_each_answer_names_its_dns_server() {
  sipsurv resolve healthy.lab.test --dns "$SIPSURV_LAB_DNS" --dns "$SIPSURV_LAB_ROTATING_DNS" --transport tls --format json
  expect_rc 0
  expect_json '.srv[0].lookup.server' "$SIPSURV_LAB_DNS"
  expect_json '[.hosts[].a.server] | unique | .[0]' "$SIPSURV_LAB_DNS"
  expect_json '.dns_servers | length' 2
  expect_json '.dns_servers[1].server' "$SIPSURV_LAB_ROTATING_DNS"
  expect_json '.dns_servers[1].role' secondary
  expect_json '[.dns_servers[].lookup.status] | unique | join(",")' found
  # NSD and the rotating dnsmasq serve the same records (in other orders).
  expect_json '.dns_servers[0].answer == .dns_servers[1].answer' true
  expect_json '[.findings[].id | select(. == "DNS016" or . == "DNS017")] | length' 0
  sipsurv resolve healthy.lab.test --dns "$SIPSURV_LAB_DNS" --dns "$SIPSURV_LAB_ROTATING_DNS" --transport tls
  expect_out "DNS servers, each asked alone: SRV _sips._tcp.healthy.lab.test"
  expect_out "secondary  $SIPSURV_LAB_ROTATING_DNS  found 3 record(s) in"
  expect_out_flowed "(used by the phone: transport tls; answered by $SIPSURV_LAB_DNS)"
}

test_a_dead_primary_dns_server_is_a_finding() {
  sipsurv resolve healthy.lab.test --dns "$DEAD_DNS" --dns "$SIPSURV_LAB_DNS" --transport tls --format json
  expect_rc 0
  # The secondary answered every question the primary could not.
  expect_json '.srv[0].lookup.server' "$SIPSURV_LAB_DNS"
  expect_json '.servers | length' 3
  expect_json '.dns_servers[0].lookup.status' no-answer
  expect_json '[.findings[] | select(.id == "DNS016") | .message][0]' \
    "The primary DNS server $DEAD_DNS gave no usable answer; the secondary $SIPSURV_LAB_DNS did."
}

test_a_silent_secondary_dns_server_costs_at_most_the_check_wait() {
  # A UDP socket that never reads: the server that says nothing at all.
  local port_file pid port
  port_file=$(mktemp)
  python3 -c 'import socket,sys,time
s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0))
open(sys.argv[1], "w").write(str(s.getsockname()[1])); time.sleep(30)' "$port_file" &
  pid=$!
  at_exit "kill $pid; rm -f $port_file"
  for _ in $(seq 50); do [[ -s $port_file ]] && break; sleep 0.1; done
  port=$(cat "$port_file")
  [[ -n $port ]] || fail "the silent DNS server did not start"
  sipsurv resolve healthy.lab.test --dns "$SIPSURV_LAB_DNS" --dns "127.0.0.1:$port" --transport tls --timeout 10 --format json
  expect_rc 0
  expect_json '[.findings[] | select(.id == "DNS016") | .message][0]' \
    "The secondary DNS server 127.0.0.1:$port gave no usable answer; the primary $SIPSURV_LAB_DNS did."
  # 2 s of check wait (a quarter of 10 s is more), not the 10 s timeout.
  ((WALL_MS >= 1900 && WALL_MS < 4000)) || fail "took $WALL_MS ms; the check should wait 2 s"
  sipsurv status healthy.lab.test --dns "$SIPSURV_LAB_DNS" --dns "127.0.0.1:$port" --transport tls \
    --ca-file "$SIPSURV_LAB_CA" --timeout 4 --format json
  expect_json '[.findings[] | select(.id == "DNS016")] | length' 1
  # A quarter of the 4 s left: the probes keep their share of the deadline.
  ((WALL_MS < 3500)) || fail "status took $WALL_MS ms with a 4 s timeout"
}
