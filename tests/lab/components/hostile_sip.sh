# hostile_sip: tests/lab/hostile_sip.py, SIP peers that misbehave on purpose
# (garbage, endless lines and bodies, 1 MB headers, one byte a second, TLS
# resets and mismatches, a black hole, ANSI escapes, answers to another
# transaction, 100 Trying only, TLS 1.3 without tickets) on 127.0.0.120-.139.
# 127.0.0.130 is left empty on purpose: nothing listens there.

hostile_sip_start() {
  lab_ensure python3 python3 || return 1
  lab_spawn "$1" hostile_sip python3 "$LAB_HOME/hostile_sip.py" "$1/certs"
}

hostile_sip_wait() {
  local _
  for _ in $(seq 1 100); do # the peer says so once every socket is bound
    grep -q "hostile_sip: ready" "$1/hostile_sip.log" 2>/dev/null && return 0
    lab_running "$(cat "$1/hostile_sip.pid")" || return 1
    sleep 0.1
  done
  return 1
}

hostile_sip_stop() {
  lab_kill "$1" hostile_sip
}
