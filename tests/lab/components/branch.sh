# branch: a survivability proxy (Kamailio) in front of a primary server
# (Kamailio) for branch.lab.test, tests/lab/survivability/*.cfg. The proxy
# relays to the primary over TCP and stands in when the primary is stopped
# ("lab stop-one DIR branch_primary" / "lab start-one DIR branch_primary").

: "${SIPSURV_LAB_BRANCH_PROXY:=127.0.0.102}"
: "${SIPSURV_LAB_BRANCH_PRIMARY:=127.0.0.103}"

branch_render() { # branch_render DIR NAME ADDR
  sed -e "s/@ADDR@/$3/g" -e "s/@PRIMARY@/$SIPSURV_LAB_BRANCH_PRIMARY/g" \
    "$LAB_HOME/survivability/$2.cfg" >"$1/branch/$2.cfg"
}

branch_kamailio() { # branch_kamailio DIR NAME: run one Kamailio in the foreground
  local dir=$1 name=$2
  mkdir -p "$dir/branch/run-$name"
  lab_spawn "$dir" "branch_$name" kamailio -DD -E -m 16 -M 4 -f "$dir/branch/$name.cfg" \
    -Y "$dir/branch/run-$name" -P "$dir/branch/run-$name/kamailio.pid"
}

branch_primary_start() {
  branch_kamailio "$1" primary
}

branch_primary_wait() {
  lab_retry 100 lab_sip_answers "$SIPSURV_LAB_BRANCH_PRIMARY" 5060
}

branch_start() {
  local dir=$1
  lab_ensure kamailio kamailio || return 1
  mkdir -p "$dir/branch"
  branch_render "$dir" primary "$SIPSURV_LAB_BRANCH_PRIMARY"
  branch_render "$dir" proxy "$SIPSURV_LAB_BRANCH_PROXY"
  kamailio -c -f "$dir/branch/primary.cfg" >"$dir/branch/check.log" 2>&1 &&
    kamailio -c -f "$dir/branch/proxy.cfg" >>"$dir/branch/check.log" 2>&1 || {
    cat "$dir/branch/check.log" >"$dir/branch.log"
    return 1
  }
  branch_primary_start "$dir"
  branch_kamailio "$dir" proxy
}

branch_wait() {
  branch_primary_wait && lab_retry 100 lab_sip_answers "$SIPSURV_LAB_BRANCH_PROXY" 5060
}

branch_stop() {
  lab_kill "$1" branch_proxy
  lab_kill "$1" branch_primary
}
