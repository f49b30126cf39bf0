# rotating_dns: dnsmasq serving some lab.test sites on 127.0.0.1 and ::1 with
# the answer records in a new order at each query, as dnsmasq (and many
# production resolvers) do: a record set of N records comes back rotated by
# one place per query (seen with dig, see tests/lab/README.md). The records
# are those of NSD's zone file, converted by zone_to_dnsmasq.py, so both
# servers serve the same data; dnsmasq gives every record one TTL (300 s).
#
# It answers authoritatively-only: no upstream servers, no /etc/hosts, and
# local=/lab.test/ makes every other lab.test name NXDOMAIN instead of a
# forwarded query.

# The port is $SIPSURV_LAB_ROTATING_DNS_PORT (tests/lab/lab: 53533).
SIPSURV_LAB_ROTATING_SITES=(healthy.lab.test certs.lab.test branch.lab.test weighted.lab.test register.lab.test)

rotating_dns_start() {
  local dir=$1
  lab_ensure dnsmasq dnsmasq-base || return 1
  mkdir -p "$dir/rotating_dns"
  {
    cat <<CONF
port=$SIPSURV_LAB_ROTATING_DNS_PORT
listen-address=127.0.0.1
listen-address=::1
bind-interfaces
no-resolv
no-hosts
no-poll
no-negcache
local=/lab.test/
user=$(id -un)
pid-file=
log-facility=-
CONF
    python3 "$LAB_HOME/zone_to_dnsmasq.py" "$LAB_HOME/zones/lab.test.zone" 300 "${SIPSURV_LAB_ROTATING_SITES[@]}"
  } >"$dir/rotating_dns/dnsmasq.conf" || return 1
  # --keep-in-foreground: the pid lab_spawn records is dnsmasq's own.
  lab_spawn "$dir" rotating_dns "$(command -v dnsmasq || echo /usr/sbin/dnsmasq)" --keep-in-foreground \
    --conf-file="$dir/rotating_dns/dnsmasq.conf"
}

rotating_dns_wait() {
  lab_retry 50 lab_dns_answers 127.0.0.1 "$SIPSURV_LAB_ROTATING_DNS_PORT" sip1.healthy.lab.test &&
    lab_alive "$1" rotating_dns # answered by this lab, not by another one on the same port
}

rotating_dns_stop() {
  lab_kill "$1" rotating_dns
}
