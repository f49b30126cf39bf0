# sipservers: one Kamailio (tests/lab/sipservers/) answering OPTIONS with 200
# on UDP/TCP 5060 and TLS 5061 for the healthy.lab.test servers
# (127.0.0.11-.13, and ::1 when the sandbox has IPv6 loopback) and the
# certs.lab.test certificate cases (127.0.0.81-.87, one certificate each).
# Shared memory is 32 MB, not 16 like the branch servers: Kamailio's TLS
# module refuses handshakes with less than 9 MB of it free ("ssl bug #1491
# workaround"), and OpenSSL 3 takes about 10 MB at start.

: "${SIPSURV_LAB_SIP_HEALTHY:=127.0.0.11 127.0.0.12 127.0.0.13}"
: "${SIPSURV_LAB_SIP_CERTS:=127.0.0.81 127.0.0.82 127.0.0.83 127.0.0.84 127.0.0.85 127.0.0.86 127.0.0.87}"

sipservers_has_ipv6() {
  python3 -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::1", 0))' 2>/dev/null
}

sipservers_start() {
  local dir=$1 listen="" a
  lab_ensure kamailio kamailio kamailio-tls-modules || return 1
  lab_ensure_file /usr/lib/x86_64-linux-gnu/kamailio/modules/tls.so kamailio-tls-modules || return 1
  mkdir -p "$dir/sipservers/run"
  for a in $SIPSURV_LAB_SIP_HEALTHY $SIPSURV_LAB_SIP_CERTS; do
    listen+="listen=udp:$a:5060"$'\n'"listen=tcp:$a:5060"$'\n'"listen=tls:$a:5061"$'\n'
  done
  if sipservers_has_ipv6; then
    listen+="listen=udp:[::1]:5060"$'\n'"listen=tcp:[::1]:5060"$'\n'"listen=tls:[::1]:5061"$'\n'
    echo 1 >"$dir/sipservers/ipv6"
  else
    rm -f "$dir/sipservers/ipv6"
  fi
  sed -e "s|@CERTS@|$dir/certs|g" "$LAB_HOME/sipservers/tls.cfg" >"$dir/sipservers/tls.cfg"
  LISTEN=$listen TLSCFG=$dir/sipservers/tls.cfg python3 - "$LAB_HOME/sipservers/kamailio.cfg" \
    >"$dir/sipservers/kamailio.cfg" <<'PY'
import os, sys
text = open(sys.argv[1]).read()
print(text.replace("@LISTEN@", os.environ["LISTEN"]).replace("@TLSCFG@", os.environ["TLSCFG"]), end="")
PY
  kamailio -c -f "$dir/sipservers/kamailio.cfg" >"$dir/sipservers/check.log" 2>&1 || {
    cat "$dir/sipservers/check.log" >"$dir/sipservers.log"
    return 1
  }
  lab_spawn "$dir" sipservers kamailio -DD -E -m 32 -M 4 -f "$dir/sipservers/kamailio.cfg" \
    -Y "$dir/sipservers/run" -P "$dir/sipservers/run/kamailio.pid"
}

# Answers over UDP on every address, and over TLS on the first and last.
sipservers_wait() {
  local a specs=()
  for a in $SIPSURV_LAB_SIP_HEALTHY $SIPSURV_LAB_SIP_CERTS; do
    specs+=("udp:$a:5060")
  done
  python3 "$LAB_HOME/sip_ready.py" 30 "${specs[@]}" tls:127.0.0.11:5061 tls:127.0.0.87:5061 \
    2>>"$1/sipservers.log" &&
    lab_alive "$1" sipservers # the answers came from this lab, not another one on the same addresses
}

sipservers_stop() {
  lab_kill "$1" sipservers
}
