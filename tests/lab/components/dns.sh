# dns: NSD serving tests/lab/zones on 127.0.0.1 and ::1.
#
# Why NSD: an authoritative-only server that reads ordinary zone files, so each
# record's TTL is exactly what the zone says (dnsmasq applies one TTL to all its
# local records), and a configured zone whose file is missing is answered with
# SERVFAIL, which gives the lab a real SERVFAIL. It starts in milliseconds with
# a ten-line config and needs no root once started.

dns_start() {
  local dir=$1
  lab_ensure nsd nsd || return 1
  mkdir -p "$dir/nsd"
  cat >"$dir/nsd/nsd.conf" <<CONF
server:
  ip-address: 127.0.0.1@$SIPSURV_LAB_DNS_PORT
  ip-address: ::1@$SIPSURV_LAB_DNS_PORT
  port: $SIPSURV_LAB_DNS_PORT
  username: ""
  chroot: ""
  zonesdir: "$LAB_HOME/zones"
  database: ""
  pidfile: "$dir/nsd/nsd.pid"
  xfrdfile: "$dir/nsd/xfrd.state"
  xfrdir: "$dir/nsd"
  zonelistfile: "$dir/nsd/zone.list"
  logfile: "$dir/dns.log"
  server-count: 1
  verbosity: 1
  hide-version: yes
remote-control:
  control-enable: no
zone:
  name: lab.test
  zonefile: lab.test.zone
zone:
  name: sites.lab.test
  zonefile: sites.lab.test.zone
# A zone NSD is told to serve but cannot load: every question gets SERVFAIL.
zone:
  name: broken.test
  zonefile: broken.test.zone.missing
CONF
  lab_spawn "$dir" dns "$(command -v nsd || echo /usr/sbin/nsd)" -d -c "$dir/nsd/nsd.conf"
}

dns_wait() {
  lab_retry 50 lab_dns_answers 127.0.0.1 "$SIPSURV_LAB_DNS_PORT" ns.lab.test &&
    lab_alive "$1" dns # answered by this lab, not by another one on the same port
}

dns_stop() {
  lab_kill "$1" dns
}
