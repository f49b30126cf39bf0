#!/usr/bin/env bash
# Run one check through a real Icinga 2 daemon (no system daemon, nothing
# outside DIR): a minimal icinga2.conf that includes the CheckCommand file,
# one service with the given vars, the checker and a PerfdataWriter rotating
# every second. Stops the daemon once the first check result is written (at
# most 20 s), then leaves the service's last check result, as Icinga stored
# it, in DIR/result.json and the perfdata line Icinga wrote in DIR/perfdata.
#
#   icinga2_check.sh DIR COMMAND_CONF 'vars.sipsurv_domain = "x"' ...
#
# Exit status 0 when a result came, 1 otherwise (the daemon's log is printed).
set -uo pipefail
dir=$1
conf=$2
shift 2
mkdir -p "$dir"/{lib,log,cache,spool/tmp,run}
{
  echo 'include <itl>'
  echo "include \"$conf\""
  echo 'object CheckerComponent "checker" { }'
  echo 'object PerfdataWriter "perfdata" {'
  echo "  service_perfdata_path = \"$dir/spool/service-perfdata\""
  echo "  host_perfdata_path = \"$dir/spool/host-perfdata\""
  echo '  rotation_interval = 1s'
  echo '}'
  echo 'object Host "pbx" { check_command = "dummy"; enable_active_checks = false }'
  echo 'object Service "sip" {'
  echo '  host_name = "pbx"'
  echo '  check_command = "sipsurv"'
  echo '  check_interval = 1s'
  echo '  retry_interval = 1s'
  printf '  %s\n' "$@"
  echo '}'
} >"$dir/icinga2.conf"

icinga2 daemon -c "$dir/icinga2.conf" -DDataDir="$dir/lib" -DLogDir="$dir/log" -DCacheDir="$dir/cache" \
  -DSpoolDir="$dir/spool" -DInitRunDir="$dir/run" -DRunAsUser="$(id -un)" -DRunAsGroup="$(id -gn)" \
  >"$dir/daemon.log" 2>&1 &
pid=$!
got=""
for _ in $(seq 1 100); do # 20 s
  for f in "$dir"/spool/service-perfdata.*; do
    # Copied at once: at shutdown the writer may rotate onto the same name.
    [[ -s $f ]] && got=$f && cp "$f" "$dir/perfdata"
  done
  [[ -n $got ]] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.2
done
kill -TERM "$pid" 2>/dev/null
for _ in $(seq 1 50); do # 10 s for the state file
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.2
done
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
if [[ -z $got ]]; then
  echo "icinga2_check: no check result within 20 s; daemon log:" >&2
  tail -n 30 "$dir/daemon.log" >&2
  exit 1
fi
# icinga2.state: netstrings ("LEN:JSON,"), one per object; the service is pbx!sip.
/usr/bin/python3 - "$dir/lib/icinga2.state" >"$dir/result.json" <<'PY'
import json, sys
data = open(sys.argv[1], "rb").read()
i = 0
while i < len(data):
    colon = data.index(b":", i)
    n = int(data[i:colon])
    record = json.loads(data[colon + 1 : colon + 1 + n])
    i = colon + 1 + n + 1  # the JSON and its ','
    if record.get("type") == "Service" and record.get("name") == "pbx!sip":
        print(json.dumps(record["update"].get("last_check_result")))
PY
if [[ ! -s $dir/result.json ]] || [[ $(cat "$dir/result.json") == null ]]; then
  echo "icinga2_check: no check result in $dir/lib/icinga2.state; daemon log:" >&2
  tail -n 30 "$dir/daemon.log" >&2
  exit 1
fi
