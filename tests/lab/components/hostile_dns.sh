# hostile_dns: tests/lab/hostile_dns.py, a DNS server that answers badly on
# purpose (malformed, truncated, 1000 records, CNAME loops, silence, records
# of another name, answers after 0.9 s).

hostile_dns_start() {
  lab_ensure python3 python3 || return 1
  # The second port serves UDP only: TCP there is refused (a truncated
  # answer whose TCP retry fails).
  lab_spawn "$1" hostile_dns python3 "$LAB_HOME/hostile_dns.py" 127.0.0.1 "$SIPSURV_LAB_HOSTILE_DNS_PORT" \
    "$SIPSURV_LAB_HOSTILE_DNS_UDPONLY_PORT"
}

hostile_dns_wait() {
  lab_retry 50 lab_dns_answers 127.0.0.1 "$SIPSURV_LAB_HOSTILE_DNS_PORT" nothing.bad.test &&
    lab_alive "$1" hostile_dns # answered by this lab, not by another one on the same port
}

hostile_dns_stop() {
  lab_kill "$1" hostile_dns
}
