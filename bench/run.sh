#!/usr/bin/env bash
# The sipsurv probe benchmark: starts its own peers on loopback, measures, and
# prints a table of figures with PASS/FAIL per target (issue 3). Not a ctest.
#
#   bench/run.sh [SIPSURV]     default: $SIPSURV, else build/cli/sipsurv
#
# Peers (bench/peer.py, every address in 127.0.0.0/8):
#   127.0.10.1-.100    100 servers answering OPTIONS after 50 ms (UDP/TCP 5060, TLS 5061)
#   127.0.9.1          a black hole (accepts, never answers)
#   127.0.20.1-...     1000 servers answering at once (127.0.20.1 + 0..999)
# Needs: python3, openssl, sipsak, /usr/bin/time (package time).
# Every measurement is a median of BENCH_RUNS runs (default 3).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
SIPSURV=${1:-${SIPSURV:-$top/build/cli/sipsurv}}
RUNS=${BENCH_RUNS:-3}
[[ -x $SIPSURV ]] || { echo "bench: no sipsurv binary at '$SIPSURV'; build first" >&2; exit 64; }
for tool in python3 openssl sipsak /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: '$tool' is missing" >&2; exit 64; }
done

work=$(mktemp -d /tmp/sipsurv-bench.XXXXXX)
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# --- the peers' certificates, from a throwaway bench CA ------------------------
# One certificate per TLS server (its own address as IP SAN), as on a real site,
# so a handshake parses what a phone would parse. The 1000-server peer and the
# black hole share default.pem, which names none of their addresses.
mkdir -p "$work/certs"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=sipsurv bench CA" \
  -days 2 -keyout "$work/ca.key" -out "$work/ca.pem" \
  -addext "basicConstraints=critical,CA:true" -addext "keyUsage=critical,keyCertSign" 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/server.key" 2>/dev/null
server_cert() { # server_cert NAME CN [SAN]: certs/NAME.pem and .key, signed by the bench CA
  local ext=()
  [[ -n ${3:-} ]] && ext=(-addext "subjectAltName=$3")
  openssl req -x509 -new -key "$work/server.key" -CA "$work/ca.pem" -CAkey "$work/ca.key" -subj "/CN=$2" \
    -days 2 -addext "basicConstraints=critical,CA:false" -addext "extendedKeyUsage=serverAuth" "${ext[@]}" \
    -out "$work/certs/$1.pem" 2>/dev/null
  cp "$work/server.key" "$work/certs/$1.key"
}
server_cert default "sipsurv bench peer"
for i in $(seq 1 100); do server_cert "127.0.10.$i" "127.0.10.$i" "IP:127.0.10.$i"; done

start_peer() { # start_peer NAME ARGS...: start bench/peer.py and wait (bounded) until it is ready
  local name=$1
  shift
  python3 "$here/peer.py" --cert-dir "$work/certs" "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 600); do
    grep -q "bench-peer: ready" "$work/$name.log" && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench: peer '$name' did not start:" >&2
  tail -n 20 "$work/$name.log" >&2
  exit 1
}
peer_cpu_ms() { # peer_cpu_ms NAME: user+system CPU (ms) of the peer NAME's worker processes so far
  local pid total=0 fields
  for pid in $(sed -n 's/^bench-peer: workers //p' "$work/$1.log"); do
    read -r -a fields <"/proc/$pid/stat"
    total=$((total + fields[13] + fields[14]))
  done
  echo $((total * 1000 / $(getconf CLK_TCK)))
}
start_peer slow100 --first 127.0.10.1 --count 100 --delay-ms 50 --hole 127.0.9.1 --workers 2
start_peer fast1000 --first 127.0.20.1 --count 1000 --delay-ms 0 --workers 2

# Target files.
: >"$work/tls100" && : >"$work/udp100" && : >"$work/tcp100" && : >"$work/udp1000"
for i in $(seq 1 100); do
  echo "sips:127.0.10.$i:5061" >>"$work/tls100"
  echo "sip:127.0.10.$i:5060;transport=udp" >>"$work/udp100"
  echo "sip:127.0.10.$i:5060;transport=tcp" >>"$work/tcp100"
done
python3 - "$work/udp1000" <<'PY'
import ipaddress, sys
first = ipaddress.IPv4Address("127.0.20.1")
with open(sys.argv[1], "w") as f:
    for i in range(1000):
        f.write(f"sip:{first + i}:5060;transport=udp\n")
PY
printf 'sip:127.0.10.1:5060;transport=tcp\nsip:127.0.9.1:5060;transport=tcp\n' >"$work/hole-site"

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# wall_ms CMD...: wall time of one run in ms (exit code ignored: probes may fail by design)
wall_ms() {
  local t0 t1
  t0=$(now_ms)
  "$@" >/dev/null 2>&1 || true
  t1=$(now_ms)
  echo $((t1 - t0))
}

# median_ms CMD...: the median wall time of RUNS runs
median_ms() {
  local vals=() i
  for i in $(seq 1 "$RUNS"); do vals+=("$(wall_ms "$@")"); done
  printf '%s\n' "${vals[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p"
}

# How many probes of a JSON report were ok (a sanity check: a fast wrong answer is no result).
ok_count() {
  "$SIPSURV" probe "$@" --format json >"$work/report.json" 2>/dev/null || true
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sum(p["state"]=="ok" for p in d["probes"]))' \
    "$work/report.json" 2>/dev/null || echo 0
}

sipsak_loop() { # sipsak_loop FILE [tcp]: one sipsak per target, one after the other
  local line host port proto=${2:-udp}
  while read -r line; do
    host=${line#sip:}
    host=${host%%;*}
    port=${host##*:}
    host=${host%:*}
    sipsak -s "sip:bench@$host:$port" -E "$proto" >/dev/null 2>&1 || true
  done <"$1"
}

rows=()
verdict() { # verdict OK_EXPR: PASS or FAIL
  if python3 -c "import sys; sys.exit(0 if ($1) else 1)"; then echo PASS; else echo FAIL; fi
}
row() { rows+=("$(printf '%-48s %-42s %-9s %s' "$1" "$2" "$3" "$4")"); }

CA=(--ca-file "$work/ca.pem")

# 1. 100 TLS targets answering after 50 ms vs one probe.
one_tls=$(median_ms "$SIPSURV" probe "sips:127.0.10.1:5061" "${CA[@]}")
all_tls=$(median_ms "$SIPSURV" probe --targets "$work/tls100" "${CA[@]}" --parallel 100)
all_tls64=$(median_ms "$SIPSURV" probe --targets "$work/tls100" "${CA[@]}")
ok_tls=$(ok_count --targets "$work/tls100" "${CA[@]}" --parallel 100)
ratio=$(python3 -c "print(f'{$all_tls/$one_tls:.2f}')")
row "100 TLS targets (50 ms), --parallel 100" "${all_tls} ms vs one ${one_tls} ms = ${ratio}x" "<= 1.2x" \
  "$(verdict "$ratio <= 1.2 and $ok_tls == 100") (ok $ok_tls/100)"
ratio64=$(python3 -c "print(f'{$all_tls64/$one_tls:.2f}')")
row "100 TLS targets (50 ms), default --parallel 64" "${all_tls64} ms = ${ratio64}x one probe" "(info)" "-"

# 2. The same targets over UDP and TCP vs a shell loop of sipsak.
for proto in udp tcp; do
  ours=$(median_ms "$SIPSURV" probe --targets "$work/${proto}100")
  ok=$(ok_count --targets "$work/${proto}100")
  theirs=$(wall_ms sipsak_loop "$work/${proto}100" "$proto")
  ratio=$(python3 -c "print(f'{$theirs/max($ours,1):.1f}')")
  row "100 ${proto^^} targets vs sipsak loop" "sipsak ${theirs} ms / ours ${ours} ms = ${ratio}x" ">= 30x" \
    "$(verdict "$ratio >= 30 and $ok == 100") (ok $ok/100)"
done

# 3. A site with one black hole: one timeout, not one per server.
hole=$(median_ms "$SIPSURV" probe --targets "$work/hole-site" --timeout 2)
ratio=$(python3 -c "print(f'{$hole/2000:.2f}')")
row "black hole site, --timeout 2" "${hole} ms = ${ratio}x timeout" "<= 1.1x" "$(verdict "$ratio <= 1.1")"

# 4. 1000 targets, --parallel 64: wall and peak memory.
/usr/bin/time -f "%e %M" -o "$work/time1000" "$SIPSURV" probe --targets "$work/udp1000" --parallel 64 \
  >/dev/null 2>&1 || true
read -r wall_s rss_kb < <(tail -n 1 "$work/time1000")
ok=$(ok_count --targets "$work/udp1000" --parallel 64)
row "1000 UDP targets, --parallel 64: wall" "${wall_s} s" "<= 2 s" "$(verdict "$wall_s <= 2.0 and $ok == 1000") (ok $ok/1000)"
row "1000 UDP targets, --parallel 64: max RSS" "$((rss_kb / 1024)) MB (${rss_kb} kB)" "<= 40 MB" \
  "$(verdict "$rss_kb <= 40 * 1024")"

# For the record: 1000 targets over TLS (their shared certificate names none
# of their addresses, so each probe carries a name finding; the chain verifies). The
# Python peers handshake slower than the prober, hence the long --timeout.
sed -e 's/^sip:/sips:/' -e 's/:5060;transport=udp$/:5061/' "$work/udp1000" >"$work/tls1000"
/usr/bin/time -f "%e %U %S %M" -o "$work/time1000tls" "$SIPSURV" probe --targets "$work/tls1000" "${CA[@]}" --timeout 30 \
  --parallel 64 >/dev/null 2>&1 || true
read -r wall_kt user_kt sys_kt rss_kt < <(tail -n 1 "$work/time1000tls")
ok=$(ok_count --targets "$work/tls1000" "${CA[@]}" --parallel 64 --timeout 30)
row "1000 TLS targets, --parallel 64" \
  "wall ${wall_kt} s, CPU ${user_kt}+${sys_kt} s, $((rss_kt / 1024)) MB" "(info)" "ok $ok/1000"

# For the record: the 100 TLS targets' CPU time and peak memory (TLS costs
# more per probe), and the same for one TLS probe.
peer_before=$(peer_cpu_ms slow100)
/usr/bin/time -f "%e %U %S %M" -o "$work/timetls" "$SIPSURV" probe --targets "$work/tls100" "${CA[@]}" \
  --parallel 100 >/dev/null 2>&1 || true
peer_tls=$(($(peer_cpu_ms slow100) - peer_before))
read -r wall_tls user_tls sys_tls rss_tls < <(tail -n 1 "$work/timetls")
/usr/bin/time -f "%e %U %S %M" -o "$work/timeone" "$SIPSURV" probe "sips:127.0.10.1:5061" "${CA[@]}" \
  >/dev/null 2>&1 || true
read -r wall_one user_one sys_one rss_one < <(tail -n 1 "$work/timeone")
row "100 TLS targets, --parallel 100: CPU, max RSS" \
  "wall ${wall_tls} s, CPU ${user_tls}+${sys_tls} s, $((rss_tls / 1024)) MB" "(info)" "-"
row "one TLS target: CPU, max RSS" "wall ${wall_one} s, CPU ${user_one}+${sys_one} s, $((rss_one / 1024)) MB" \
  "(info)" "-"
per_probe=$(python3 -c "print(f'{(($user_tls + $sys_tls) - ($user_one + $sys_one)) / 99 * 1000:.2f}')")
row "prober CPU per TLS probe (from the two above)" "${per_probe} ms" "(info)" "-"
# Both ends of 100 handshakes share this machine's CPUs: the wall time that
# CPU work alone needs, whatever the prober does, before the 50 ms answer.
floor=$(python3 -c "print(f'{(($user_tls + $sys_tls) * 1000 + $peer_tls) / $(nproc):.0f}')")
row "peer CPU per TLS handshake (bench/peer.py)" "$(python3 -c "print(f'{$peer_tls / 100:.2f}')") ms" "(info)" "-"
row "100 TLS: CPU of both ends / $(nproc) CPUs" "${floor} ms of wall (one probe ${one_tls} ms)" "(info)" "-"

echo
echo "sipsurv probe benchmark ($("$SIPSURV" --version | head -n 1); $(nproc) CPUs; load $(cut -d' ' -f1 /proc/loadavg); median of $RUNS)"
printf '%-48s %-42s %-9s %s\n' "measurement" "figure" "target" "result"
printf '%s\n' "${rows[@]}"
if printf '%s\n' "${rows[@]}" | grep -q " FAIL"; then exit 1; fi
