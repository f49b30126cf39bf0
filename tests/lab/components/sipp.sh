# sipp: SIPp (package sip-tester) as two misbehaving-but-legal servers, each
# on UDP and TCP 5060 (this SIPp has no TLS):
#   127.0.0.91  busy: every OPTIONS gets 503 with Retry-After: 120 (sipp/busy.xml)
#   127.0.0.92  slow: every OPTIONS gets 200 after 1.5 s (sipp/slow.xml)

: "${SIPSURV_LAB_SIP_BUSY:=127.0.0.91}"
: "${SIPSURV_LAB_SIP_SLOW:=127.0.0.92}"

sipp_one() { # sipp_one DIR NAME SCENARIO ADDR TRANSPORT(u1|t1)
  local dir=$1
  # -nostdin: no terminal; -f 3600: redraw statistics hourly, not each second
  # (they go to the log); SIPp runs in the foreground so its pid is ours.
  lab_spawn "$dir" "sipp_$2" sipp -sf "$LAB_HOME/sipp/$3.xml" -i "$4" -p 5060 -t "$5" \
    -nostdin -f 3600 -trace_err -error_file "$dir/sipp/$2.errors"
}

sipp_start() {
  local dir=$1
  lab_ensure sipp sip-tester || return 1
  mkdir -p "$dir/sipp"
  sipp_one "$dir" busy_udp busy "$SIPSURV_LAB_SIP_BUSY" u1
  sipp_one "$dir" busy_tcp busy "$SIPSURV_LAB_SIP_BUSY" t1
  sipp_one "$dir" slow_udp slow "$SIPSURV_LAB_SIP_SLOW" u1
  sipp_one "$dir" slow_tcp slow "$SIPSURV_LAB_SIP_SLOW" t1
}

sipp_wait() {
  python3 "$LAB_HOME/sip_ready.py" 20 "udp:$SIPSURV_LAB_SIP_BUSY:5060" \
    "listen:$SIPSURV_LAB_SIP_BUSY:5060" "udp:$SIPSURV_LAB_SIP_SLOW:5060" \
    "listen:$SIPSURV_LAB_SIP_SLOW:5060" 2>>"$1/sipp.log" &&
    lab_alive "$1" sipp_busy_udp sipp_busy_tcp sipp_slow_udp sipp_slow_tcp
}

sipp_stop() {
  local p names=(busy_udp busy_tcp slow_udp slow_tcp)
  # Signal all four first, so their shutdowns overlap; then wait for each.
  for p in "${names[@]}"; do
    [[ -f $1/sipp_$p.pid ]] && kill "$(cat "$1/sipp_$p.pid")" 2>/dev/null || true
  done
  for p in "${names[@]}"; do
    lab_kill "$1" "sipp_$p"
  done
}
