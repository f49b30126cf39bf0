# sites: plain Kamailio SIP servers behind sites.lab.test, for the status and
# watch tests and the README demo (tests/lab/zones/sites.lab.test.zone).
#   sites_main   127.0.0.141, .142, .145 (backup), .149, .151, .153: always up
#   sites_demo   127.0.0.148: demo.sites.lab.test's priority-1 server
#   sites_watch  127.0.0.150: watch.sites.lab.test's priority-1 server
#   sites_uatcp  127.0.0.152: uatcp.sites.lab.test's priority-1 server, and
#   sites_uaudp  127.0.0.154: uaudp.sites.lab.test's (the user agent
#                cross-check, tests/integration/test_user_agent.sh)
# "lab stop-one DIR sites_demo" / "lab start-one DIR sites_demo" fail it over
# and back. Nothing listens on .143, .144, .146 (dead servers). Each server
# logs every REGISTER with the time it came (its log, DIR/sites_NAME.log).

SIPSURV_LAB_SITES_MAIN=(127.0.0.141 127.0.0.142 127.0.0.145 127.0.0.149 127.0.0.151 127.0.0.153)

sites_kamailio() { # sites_kamailio DIR NAME ADDR...: render and run one Kamailio
  local dir=$1 name=$2
  shift 2
  local listen="" a
  for a in "$@"; do
    listen+="listen=udp:$a:5060\nlisten=tcp:$a:5060\n"
  done
  mkdir -p "$dir/sites/run-$name"
  sed -e "s/^@LISTEN@$/$listen/" -e "s/@NAME@/$name/g" "$LAB_HOME/sites/server.cfg" >"$dir/sites/$name.cfg"
  kamailio -c -f "$dir/sites/$name.cfg" >"$dir/sites/$name.check.log" 2>&1 || {
    cat "$dir/sites/$name.check.log" >"$dir/sites.log"
    return 1
  }
  lab_spawn "$dir" "sites_$name" kamailio -DD -E -m 8 -M 2 -f "$dir/sites/$name.cfg" \
    -Y "$dir/sites/run-$name" -P "$dir/sites/run-$name/kamailio.pid"
}

# Answered, and by this lab's process: one that could not bind exits at once,
# while a leftover from another lab may still answer on the address.
sites_answers() { # sites_answers DIR NAME ADDR
  lab_retry 100 lab_sip_answers "$3" 5060 || {
    echo "lab: nothing answers SIP OPTIONS on $3:5060 (sites_$2)" >&2
    return 1
  }
  lab_alive "$1" "sites_$2"
}

sites_demo_start() { sites_kamailio "$1" demo 127.0.0.148; }
sites_demo_wait() { sites_answers "$1" demo 127.0.0.148; }
sites_watch_start() { sites_kamailio "$1" watch 127.0.0.150; }
sites_watch_wait() { sites_answers "$1" watch 127.0.0.150; }
sites_uatcp_start() { sites_kamailio "$1" uatcp 127.0.0.152; }
sites_uatcp_wait() { sites_answers "$1" uatcp 127.0.0.152; }
sites_uaudp_start() { sites_kamailio "$1" uaudp 127.0.0.154; }
sites_uaudp_wait() { sites_answers "$1" uaudp 127.0.0.154; }

sites_start() {
  local dir=$1
  lab_ensure kamailio kamailio || return 1
  mkdir -p "$dir/sites"
  sites_kamailio "$dir" main "${SIPSURV_LAB_SITES_MAIN[@]}" && sites_demo_start "$dir" &&
    sites_watch_start "$dir" && sites_uatcp_start "$dir" && sites_uaudp_start "$dir"
}

sites_wait() {
  local a
  for a in "${SIPSURV_LAB_SITES_MAIN[@]}"; do
    sites_answers "$1" main "$a" || return 1
  done
  sites_demo_wait "$1" && sites_watch_wait "$1" && sites_uatcp_wait "$1" && sites_uaudp_wait "$1"
}

sites_stop() {
  lab_kill "$1" sites_uaudp
  lab_kill "$1" sites_uatcp
  lab_kill "$1" sites_watch
  lab_kill "$1" sites_demo
  lab_kill "$1" sites_main
}
