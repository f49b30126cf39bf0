# sipservers: one Kamailio (tests/lab/sipservers/) answering OPTIONS with 200
# on UDP/TCP 5060 and TLS 5061 for the healthy.lab.test servers
# (127.0.0.11-.13, and ::1 when the sandbox has IPv6 loopback), the
# weighted.lab.test servers (127.0.0.14-.18), the certs.lab.test certificate
# cases (127.0.0.81-.87, one certificate each) and the register.lab.test
# cases (127.0.0.161-.164: REGISTER refused with 403, challenged with 401,
# refused with 503, taken with 200). The digest user and password come from
# sipservers/auth and are written to DIR/sipservers (mode 600), never put on
# a command line.
# Shared memory is 64 MB, not 16 like the branch servers: Kamailio's TLS
# module refuses handshakes when less than 512 KB per process of it is free
# ("ssl bug #1491 workaround"; about 13 MB for the 26 processes of 20
# addresses), and OpenSSL 3 with 13 TLS profiles takes over 20 MB at start
# (with 32 MB, 8.8 MB were left and every handshake failed).

: "${SIPSURV_LAB_SIP_HEALTHY:=127.0.0.11 127.0.0.12 127.0.0.13}"
: "${SIPSURV_LAB_SIP_CERTS:=127.0.0.81 127.0.0.82 127.0.0.83 127.0.0.84 127.0.0.85 127.0.0.86 127.0.0.87}"
# Fixed: the zone names them, and kamailio.cfg picks the REGISTER answer by address.
SIPSURV_LAB_SIP_WEIGHTED="127.0.0.14 127.0.0.15 127.0.0.16 127.0.0.17 127.0.0.18"
SIPSURV_LAB_SIP_REGISTER="127.0.0.161 127.0.0.162 127.0.0.163 127.0.0.164"

sipservers_all() { # every IPv4 address, one word each
  # shellcheck disable=SC2086
  echo $SIPSURV_LAB_SIP_HEALTHY $SIPSURV_LAB_SIP_WEIGHTED $SIPSURV_LAB_SIP_CERTS $SIPSURV_LAB_SIP_REGISTER
}

# sipservers_auth DIR: the digest credentials from sipservers/auth, as
# Kamailio defines (auth.cfg) and as the password file the tests pass on.
sipservers_auth() {
  local dir=$1 user password
  user=$(sed -n 's/^user=//p' "$LAB_HOME/sipservers/auth")
  password=$(sed -n 's/^password=//p' "$LAB_HOME/sipservers/auth")
  [[ -n $user && -n $password ]] || {
    echo "lab: $LAB_HOME/sipservers/auth lacks user= or password=" >"$dir/sipservers.log"
    return 1
  }
  (
    umask 077
    printf '#!define LAB_AUTH_USER "%s"\n#!define LAB_AUTH_PASSWORD "%s"\n' "$user" "$password" \
      >"$dir/sipservers/auth.cfg"
    printf '%s' "$password" >"$dir/sipservers/auth-password"
    printf '%s' "$user" >"$dir/sipservers/auth-user"
  )
}

sipservers_has_ipv6() {
  python3 -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::1", 0))' 2>/dev/null
}

sipservers_start() {
  local dir=$1 listen="" a
  lab_ensure kamailio kamailio kamailio-tls-modules || return 1
  lab_ensure_file /usr/lib/x86_64-linux-gnu/kamailio/modules/tls.so kamailio-tls-modules || return 1
  mkdir -p "$dir/sipservers/run"
  sipservers_auth "$dir" || return 1
  for a in $(sipservers_all); do
    listen+="listen=udp:$a:5060"$'\n'"listen=tcp:$a:5060"$'\n'"listen=tls:$a:5061"$'\n'
  done
  if sipservers_has_ipv6; then
    listen+="listen=udp:[::1]:5060"$'\n'"listen=tcp:[::1]:5060"$'\n'"listen=tls:[::1]:5061"$'\n'
    echo 1 >"$dir/sipservers/ipv6"
  else
    rm -f "$dir/sipservers/ipv6"
  fi
  sed -e "s|@CERTS@|$dir/certs|g" "$LAB_HOME/sipservers/tls.cfg" >"$dir/sipservers/tls.cfg"
  LISTEN=$listen TLSCFG=$dir/sipservers/tls.cfg AUTHCFG=$dir/sipservers/auth.cfg python3 - \
    "$LAB_HOME/sipservers/kamailio.cfg" >"$dir/sipservers/kamailio.cfg" <<'PY'
import os, sys
text = open(sys.argv[1]).read()
for key in ("LISTEN", "TLSCFG", "AUTHCFG"):
    text = text.replace(f"@{key}@", os.environ[key])
print(text, end="")
PY
  kamailio -c -f "$dir/sipservers/kamailio.cfg" >"$dir/sipservers/check.log" 2>&1 || {
    cat "$dir/sipservers/check.log" >"$dir/sipservers.log"
    return 1
  }
  lab_spawn "$dir" sipservers kamailio -DD -E -m 64 -M 4 -f "$dir/sipservers/kamailio.cfg" \
    -Y "$dir/sipservers/run" -P "$dir/sipservers/run/kamailio.pid"
}

# Answers over UDP on every address, and over TLS on the first and last.
sipservers_wait() {
  local a specs=()
  for a in $(sipservers_all); do
    specs+=("udp:$a:5060")
  done
  python3 "$LAB_HOME/sip_ready.py" 30 "${specs[@]}" tls:127.0.0.11:5061 tls:127.0.0.164:5061 \
    2>>"$1/sipservers.log" &&
    lab_alive "$1" sipservers # the answers came from this lab, not another one on the same addresses
}

sipservers_stop() {
  lab_kill "$1" sipservers
}
