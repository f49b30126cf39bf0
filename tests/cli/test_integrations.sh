# The monitoring integrations of scripts/integrations/ as installed by
# `cmake --install` (the .deb has the same files, tests/cli/test_install.sh):
# the Icinga 2 CheckCommand checked by `icinga2 daemon -C` and run by a real
# Icinga 2 daemon, the Nagios command definitions run as Nagios would, the
# systemd units checked by `systemd-analyze verify` and their command lines
# run. Nothing here talks to anything but a closed port on loopback; the lab
# version of the Icinga check is tests/integration/test_icinga.sh.

ICINGA_CONF=share/sipsurv/icinga2/command-sipsurv.conf
NAGIOS_CFG=etc/nagios-plugins/config/sipsurv.cfg
UNITS=lib/systemd/system

test_icinga2_validates_the_check_command() {
  need icinga2
  local prefix dir=$T_DIR/icinga out
  prefix=$(installed_prefix) || exit 1
  mkdir -p "$dir"/{lib,log,cache,spool,run}
  cat >"$dir/icinga2.conf" <<EOF2
include <itl>
include "$prefix/$ICINGA_CONF"
object Host "pbx" { check_command = "dummy" }
object Service "sip" {
  host_name = "pbx"
  check_command = "sipsurv"
  vars.sipsurv_domain = "example.test"
  vars.sipsurv_dns = [ "192.0.2.53", "192.0.2.54:5353" ]
  vars.sipsurv_transport = "tls"
  vars.sipsurv_insecure = true
}
EOF2
  out=$(icinga2 daemon -C -c "$dir/icinga2.conf" -DDataDir="$dir/lib" -DLogDir="$dir/log" -DCacheDir="$dir/cache" \
    -DSpoolDir="$dir/spool" -DInitRunDir="$dir/run" -DRunAsUser="$(id -un)" -DRunAsGroup="$(id -gn)" 2>&1) ||
    fail "icinga2 daemon -C:"$'\n'"$out"
  grep -q 'Instantiated 1 Service' <<<"$out" || fail "icinga2 daemon -C did not load the service:"$'\n'"$out"
  if grep -qE 'warning/|critical/' <<<"$out"; then fail "icinga2 daemon -C warns:"$'\n'"$out"; fi
}

test_icinga2_runs_the_check() {
  # A real daemon runs the installed CheckCommand with the installed binary;
  # no DNS server answers on the closed port, so the result is UNKNOWN.
  need icinga2
  need jq
  local prefix dir=$T_DIR/icinga-run
  prefix=$(installed_prefix) || exit 1
  bash "$SIPSURV_SOURCE_DIR/tests/cli/icinga2_check.sh" "$dir" "$prefix/$ICINGA_CONF" \
    'vars.sipsurv_domain = "example.test"' 'vars.sipsurv_dns = [ "127.0.0.1:9", "127.0.0.1:19" ]' \
    'vars.sipsurv_timeout = 1' 'vars.sipsurv_insecure = true' || fail "no check result from icinga2"
  local command
  command=$(jq -r '.command | join(" ")' "$dir/result.json")
  [[ $command == "$prefix/bin/sipsurv status --format nagios example.test --dns 127.0.0.1:9 --dns 127.0.0.1:19 --insecure --timeout 1" ]] ||
    fail "icinga2 ran: $command"
  [[ $(jq -r .exit_status "$dir/result.json") == 3 ]] || fail "exit status: $(cat "$dir/result.json")"
  jq -r .output "$dir/result.json" | grep -q '^SIPSURV UNKNOWN - example.test UNKNOWN: ' ||
    fail "output: $(jq -r .output "$dir/result.json")"
  [[ $(jq -r '.performance_data | join(" ")' "$dir/result.json") == "probes_ok=0;;;0;0" ]] ||
    fail "icinga2 read the perfdata as: $(jq -c .performance_data "$dir/result.json")"
  if grep -qi 'invalid perfdata' "$dir/daemon.log"; then fail "icinga2: $(grep -i 'invalid perfdata' "$dir/daemon.log")"; fi
}

# The options a CheckCommand or command definition may pass to status:
# status's own and the phone settings, less the output ones it fixes.
status_option_names() {
  {
    options_of status
    options_of -
  } | cut -f2 | grep -E -- '^--' | grep -vxE -- '--format|--color|--help|--version' | sort -u
}

test_icinga_command_covers_every_status_option() {
  local conf=$SIPSURV_SOURCE_DIR/scripts/integrations/icinga2/command-sipsurv.conf used want missing unknown
  used=$(grep -oE '^\s*"--[a-z0-9-]+" = \{' "$conf" | grep -oE -- '--[a-z0-9-]+' | sort -u)
  want=$(status_option_names)
  unknown=$(comm -13 <(echo "$want") <(echo "$used"))
  [[ -z $unknown ]] || fail "$ICINGA_CONF passes options status does not have: $unknown"
  missing=$(comm -23 <(echo "$want") <(echo "$used"))
  [[ -z $missing ]] ||
    fail "scripts/integrations/icinga2/command-sipsurv.conf lacks status options (add each as \"--name\" with vars.sipsurv_name): $missing"
  # Each option's variable is sipsurv_ and its name with '_' for '-'.
  local opt var
  while read -r opt; do
    var=sipsurv_$(tr '-' '_' <<<"${opt#--}")
    awk -v o="\"$opt\" = {" 'index($0, o) { on = 1 } on && /value|set_if/ { print; exit }' "$conf" |
      grep -qF "\$$var\$" || fail "$opt does not take \$$var\$ in $ICINGA_CONF"
  done <<<"$used"
}

test_nagios_command_definitions_run() {
  need sh
  local prefix cfg line name cmd rc
  prefix=$(installed_prefix) || exit 1
  cfg=$prefix/$NAGIOS_CFG
  printf 'dns = ["127.0.0.1:9"]\n' >"$T_DIR/site.ini"
  [[ $(grep -c '^\s*command_name' "$cfg") -eq 2 ]] || fail "expected 2 command definitions in $cfg"
  while read -r name cmd; do
    # Nagios substitutes $ARGn$ (and leaves the quoting to the shell).
    cmd=${cmd//\$ARG1\$/example.test}
    case $name in
    check_sipsurv) cmd=${cmd//\$ARG2\$/--dns 127.0.0.1:9 --timeout 0.5} ;;
    check_sipsurv_phone) cmd=${cmd//\$ARG2\$/$T_DIR/site.ini} && cmd=${cmd//\$ARG3\$/--timeout 0.5} ;;
    *) fail "unexpected command $name in $cfg" ;;
    esac
    [[ $cmd != *'$'* ]] || fail "$name: a macro is left in: $cmd"
    sh -c "$cmd" >"$T_DIR/$name.out" 2>"$T_DIR/$name.err"
    rc=$?
    [[ $rc -eq 3 ]] || fail "$name ($cmd): exit $rc, expected 3 (UNKNOWN): $(cat "$T_DIR/$name.err")"
    check_nagios --rc "$rc" --name "$name" - <"$T_DIR/$name.out" || fail "$name: output breaks the plugin rules"
  done < <(awk '/^\s*command_name/ { n = $2 } /^\s*command_line/ { sub(/^\s*command_line\s*/, ""); print n, $0 }' "$cfg")
}

test_systemd_units_verify() {
  need systemd-analyze
  local prefix out
  prefix=$(installed_prefix) || exit 1
  # Instances of the templates, found in the installed unit directory; the
  # man page of Documentation= is looked up under the prefix.
  out=$(SYSTEMD_UNIT_PATH="$prefix/$UNITS:" MANPATH="$prefix/share/man" systemd-analyze verify \
    sipsurv-watch@example.test.service sipsurv-status@example.test.service sipsurv-status@example.test.timer 2>&1) ||
    fail "systemd-analyze verify:"$'\n'"$out"
  [[ -z $out ]] || fail "systemd-analyze verify warns:"$'\n'"$out"
}

# A unit's ExecStart= for the instance example.test, with its paths moved
# into the test directory: what systemd would run, minus the sandbox.
exec_start_of() { # UNIT
  sed -n 's/^ExecStart=//p' "$1" | sed -e "s|%i|example.test|g" -e 's/\$\$/$/g' \
    -e "s|/etc/sipsurv/|$T_DIR/etc/|g" -e "s|/var/lib/prometheus/node-exporter/|$T_DIR/textfile/|g"
}

test_systemd_units_run_their_commands() {
  need promtool
  local prefix cmd rc
  prefix=$(installed_prefix) || exit 1
  mkdir -p "$T_DIR/etc" "$T_DIR/textfile"
  printf 'dns = ["127.0.0.1:9"]\n' >"$T_DIR/etc/example.test.ini"

  # The status oneshot: the metrics replace the textfile, no temporary left.
  cmd=$(exec_start_of "$prefix/$UNITS/sipsurv-status@.service")
  [[ $cmd == "/bin/sh -c '"*"'" ]] || fail "sipsurv-status@.service ExecStart: $cmd"
  eval "$cmd"
  rc=$?
  [[ $rc -eq 3 ]] || fail "sipsurv-status@.service command exited $rc, expected 3 (UNKNOWN): $cmd"
  promtool check metrics <"$T_DIR/textfile/sipsurv-example.test.prom" ||
    fail "the status unit's textfile fails promtool"
  [[ ! -e $T_DIR/textfile/sipsurv-example.test.prom.tmp ]] || fail "the status unit left its temporary file"

  # The watch service, stopped after one round.
  rm -f "$T_DIR/textfile/sipsurv-example.test.prom"
  cmd=$(exec_start_of "$prefix/$UNITS/sipsurv-watch@.service")
  # shellcheck disable=SC2086
  timeout 30 $cmd --count 1 --timeout 0.5 >"$T_DIR/watch.out" 2>&1
  rc=$?
  [[ $rc -eq 3 ]] || fail "sipsurv-watch@.service command exited $rc, expected 3: $(cat "$T_DIR/watch.out")"
  grep -q '^sipsurv_watch_rounds{domain="example.test"} 1$' "$T_DIR/textfile/sipsurv-example.test.prom" ||
    fail "the watch unit's textfile lacks its round"
  promtool check metrics <"$T_DIR/textfile/sipsurv-example.test.prom" || fail "the watch unit's textfile fails promtool"
}
