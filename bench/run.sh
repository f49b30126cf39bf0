#!/usr/bin/env bash
# The sipsurv benchmark: every figure next to its floor, the best this machine
# does with the same libraries, measured interleaved in the same run (A B A B
# ...), median of BENCH_RUNS (default 5, at least 5 for a verdict), with the
# machine's load in the header. Starts its own peers on loopback; not a ctest.
# bench/README.md explains each row.
#
#   bench/run.sh [SIPSURV]   default: $SIPSURV, else build/cli/sipsurv
#                            floors: $BENCH_BIN, else bench/ in SIPSURV's build tree
#
# Peers (bench/peer.py, every address in 127.0.0.0/8, none of the lab's 127.0.0.x):
#   127.0.10.1-.100    100 servers answering OPTIONS after 50 ms (UDP/TCP 5060, TLS 5061)
#   127.0.9.1          a black hole (accepts, never answers)
#   127.0.20.1-...     1000 servers answering at once (127.0.20.1 + 0..999), UDP/TCP/TLS
#   127.0.40.1-...     4096 servers answering at once over UDP (127.0.40.1 + 0..4095)
# Needs: python3, openssl, dig, sipsak (the information rows).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
SIPSURV=${1:-${SIPSURV:-$top/build/cli/sipsurv}}
[[ -x $SIPSURV ]] || { echo "bench: no sipsurv binary at '$SIPSURV'; build first" >&2; exit 64; }
SIPSURV=$(cd "$(dirname "$SIPSURV")" && pwd)/$(basename "$SIPSURV")
BIN=${BENCH_BIN:-$(dirname "$(dirname "$SIPSURV")")/bench}
RUNS=${BENCH_RUNS:-5}
ONLY=${BENCH_ONLY:-tls udp window json ca start old} # a subset of the row groups, e.g. BENCH_ONLY="json ca"
WORKERS=${BENCH_PEER_WORKERS:-$(nproc)}
for f in bench_runstat bench_udp_prober bench_tls_prober bench_tls_handshake_loop; do
  [[ -x $BIN/$f ]] || { echo "bench: no floor program '$BIN/$f'; build the bench targets (SIPSURV_BENCH=ON)" >&2; exit 64; }
done
for tool in python3 openssl dig sipsak; do
  command -v "$tool" >/dev/null || { echo "bench: '$tool' is missing" >&2; exit 64; }
done

# One benchmark at a time on this machine: two would measure each other. The
# peers use none of the lab's addresses, so the lab lock is not needed.
exec 9>/tmp/sipsurv-bench.lock
flock -w 600 9 || { echo "bench: another bench/run.sh holds /tmp/sipsurv-bench.lock" >&2; exit 1; }

work=$(mktemp -d /tmp/sipsurv-bench.XXXXXX)
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the peers' certificate, from a throwaway bench CA ------------------------
# Every server presents default.pem; it names none of their addresses, so a
# probe carries a name finding, but the chain verifies against --ca-file.
mkdir -p "$work/certs"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=sipsurv bench CA" \
  -days 2 -keyout "$work/ca.key" -out "$work/ca.pem" \
  -addext "basicConstraints=critical,CA:true" -addext "keyUsage=critical,keyCertSign" 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/certs/default.key" 2>/dev/null
openssl req -x509 -new -key "$work/certs/default.key" -CA "$work/ca.pem" -CAkey "$work/ca.key" \
  -subj "/CN=sipsurv bench peer" -days 2 -addext "basicConstraints=critical,CA:false" \
  -addext "extendedKeyUsage=serverAuth" -out "$work/certs/default.pem" 2>/dev/null

start_peer() { # start_peer NAME ARGS...: start bench/peer.py and wait (bounded) until it is ready
  local name=$1
  shift
  python3 "$here/peer.py" --cert-dir "$work/certs" --workers "$WORKERS" "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 1200); do
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
[[ " $ONLY " == *" old "* ]] && start_peer slow100 --first 127.0.10.1 --count 100 --delay-ms 50 --hole 127.0.9.1
[[ " $ONLY " =~ " "(tls|udp|ca)" " ]] && start_peer fast1000 --first 127.0.20.1 --count 1000 --delay-ms 0
[[ " $ONLY " == *" window "* ]] && start_peer slow1000 --first 127.0.50.1 --count 1000 --delay-ms 50 --udp-only
[[ " $ONLY " == *" json "* ]] && start_peer udp4096 --first 127.0.40.1 --count 4096 --delay-ms 0 --udp-only

# --- target files ---------------------------------------------------------------
python3 - "$work" <<'PY'
import ipaddress, sys
work = sys.argv[1]
def write(name, first, count, fmt):
    with open(f"{work}/{name}", "w") as f:
        for i in range(count):
            f.write(fmt.format(ipaddress.IPv4Address(first) + i) + "\n")
write("udp100", "127.0.10.1", 100, "sip:{}:5060;transport=udp")
write("tcp100", "127.0.10.1", 100, "sip:{}:5060;transport=tcp")
write("udp1000", "127.0.20.1", 1000, "sip:{}:5060;transport=udp")
write("tls1000", "127.0.20.1", 1000, "sips:{}:5061")
write("slow1000", "127.0.50.1", 1000, "sip:{}:5060;transport=udp")
write("json1000", "127.0.40.1", 1000, "sip:{}:5060;transport=udp")
write("json4096", "127.0.40.1", 4096, "sip:{}:5060;transport=udp")
PY
printf 'sip:127.0.10.1:5060;transport=tcp\nsip:127.0.9.1:5060;transport=tcp\n' >"$work/hole-site"

# --- measuring --------------------------------------------------------------------
mkdir -p "$work/stats"
# runone KEY CMD...: one run of CMD under bench_runstat (wait4: wall, CPU, max RSS),
# appended to stats/KEY; the command's stdout is kept in stats/KEY.out.
runone() {
  local key=$1
  shift
  "$BIN/bench_runstat" --out "$work/stats/$key.out" -- "$@" >>"$work/stats/$key"
}
# interleave N KEY_A ARRAY_A KEY_B ARRAY_B: N runs of each, alternating A B A B.
interleave() {
  local n=$1 ka=$2 kb=$4 i
  local -n cmd_a=$3 cmd_b=$5
  for ((i = 0; i < n; i++)); do
    runone "$ka" "${cmd_a[@]}"
    runone "$kb" "${cmd_b[@]}"
  done
}
# med KEY FIELD: the median of FIELD (wall_ms, user_ms, sys_ms, cpu_ms = user+sys, maxrss_kb) over the runs of KEY.
med() {
  python3 - "$work/stats/$1" "$2" <<'PY'
import statistics, sys
rows = [dict(kv.split("=") for kv in line.split()) for line in open(sys.argv[1]) if line.strip()]
field = sys.argv[2]
vals = [float(r["user_ms"]) + float(r["sys_ms"]) if field == "cpu_ms" else float(r[field]) for r in rows]
print(f"{statistics.median(vals):.1f}")
PY
}
calc() { python3 -c "print($1)"; }
# How many probes of a JSON report were ok: a fast wrong answer is no result.
ok_count() {
  "$SIPSURV" probe "$@" --format json >"$work/report.json" 2>/dev/null || true
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sum(p["state"]=="ok" for p in d["probes"]))' \
    "$work/report.json" 2>/dev/null || echo 0
}
floor_ok() { sed -n 's/.*ok=\([0-9]*\).*/\1/p' "$work/stats/$1.out"; }

rows=()
# row MEASUREMENT SIPSURV FLOOR RATIO TARGET RESULT
row() { rows+=("$(printf '%-40s | %-22s | %-22s | %-8s | %-9s | %s' "$@")"); }
verdict() { if python3 -c "import sys; sys.exit(0 if ($1) else 1)"; then echo PASS; else echo FAIL; fi; }

CA=(--ca-file "$work/ca.pem")

wanted() { [[ " $ONLY " == *" $1 "* ]]; }

# 1. TLS: 1000 probes against the minimal TLS prober (same OpenSSL, same window).
if wanted tls; then
A=("$SIPSURV" probe --targets "$work/tls1000" "${CA[@]}" --timeout 30 --parallel 64)
B=("$BIN/bench_tls_prober" --targets "$work/tls1000" "${CA[@]}" --parallel 64 --timeout-ms 30000)
peer_before=$(peer_cpu_ms fast1000)
interleave "$RUNS" tls.ours A tls.floor B
peer_tls=$(($(peer_cpu_ms fast1000) - peer_before))
ok=$(ok_count --targets "$work/tls1000" "${CA[@]}" --timeout 30 --parallel 64)
fok=$(floor_ok tls.floor)
ours=$(med tls.ours wall_ms) floor=$(med tls.floor wall_ms)
ratio=$(calc "f'{$ours/$floor:.2f}'")
row "TLS 1000 probes, --parallel 64: wall" "${ours} ms" "${floor} ms" "${ratio}x" "<= 1.1x" \
  "$(verdict "$ratio <= 1.1 and $ok == 1000 and ${fok:-0} == 1000") (ok $ok, floor ok ${fok:-0})"
oc=$(med tls.ours cpu_ms) fc=$(med tls.floor cpu_ms)
row "  CPU per TLS probe (user+sys / 1000)" "$(calc "f'{$oc/1000:.2f}'") ms" "$(calc "f'{$fc/1000:.2f}'") ms" \
  "$(calc "f'{$oc/$fc:.2f}'")x" "(info)" "-"
row "  max RSS" "$(($(med tls.ours maxrss_kb | cut -d. -f1) / 1024)) MB" \
  "$(($(med tls.floor maxrss_kb | cut -d. -f1) / 1024)) MB" "-" "(info)" "-"
row "  peer CPU per handshake (bench/peer.py)" "$(calc "f'{$peer_tls/(2*$RUNS*1000):.2f}'") ms" "-" "-" "(info)" \
  "$WORKERS workers"
# The CPU floor of the handshake itself: both ends in one thread, no sockets.
runone handshake "$BIN/bench_tls_handshake_loop" --cert "$work/certs/default.pem" --key "$work/certs/default.key" \
  "${CA[@]}" --count 300
hs=$(cat "$work/stats/handshake.out")
hc=$(sed -n 's/.*client_us=\([0-9.]*\).*/\1/p' <<<"$hs") hsv=$(sed -n 's/.*server_us=\([0-9.]*\).*/\1/p' <<<"$hs")
row "  TLS 1.3 handshake CPU, in memory" "client $(calc "f'{$hc/1000:.2f}'") ms" "server $(calc "f'{$hsv/1000:.2f}'") ms" \
  "-" "(info)" "-"

fi

# 2. UDP: 1000 probes against the minimal UDP prober of the same design.
if wanted udp; then
A=("$SIPSURV" probe --targets "$work/udp1000" --parallel 64 --timeout 30)
B=("$BIN/bench_udp_prober" --targets "$work/udp1000" --parallel 64 --timeout-ms 30000)
interleave "$((RUNS * 2 + 1))" udp.ours A udp.floor B
ok=$(ok_count --targets "$work/udp1000" --parallel 64 --timeout 30)
fok=$(floor_ok udp.floor)
ours=$(med udp.ours wall_ms) floor=$(med udp.floor wall_ms)
ratio=$(calc "f'{$ours/$floor:.2f}'")
row "UDP 1000 probes, --parallel 64: wall" "${ours} ms" "${floor} ms" "${ratio}x" "<= 1.3x" \
  "$(verdict "$ratio <= 1.3 and $ok == 1000 and ${fok:-0} == 1000") (ok $ok, floor ok ${fok:-0})"
oc=$(med udp.ours cpu_ms) fc=$(med udp.floor cpu_ms)
row "  CPU per UDP probe (user+sys / 1000)" "$(calc "f'{$oc:.0f}'") us" "$(calc "f'{$fc:.0f}'") us" \
  "$(calc "f'{$oc/$fc:.2f}'")x" "(info)" "-"
row "  max RSS" "$(($(med udp.ours maxrss_kb | cut -d. -f1) / 1024)) MB" \
  "$(($(med udp.floor maxrss_kb | cut -d. -f1) / 1024)) MB" "-" "(info)" "-"

fi

# 3. --format json against text, in time and peak memory, at 1000 and 4096 probes.
if wanted json; then
for n in 1000 4096; do
  # --timeout 60: the deadline is the whole run's, and 4096 probes behind
  # 64 slots take longer than the default 5 s when the peer is slow.
  A=("$SIPSURV" probe --targets "$work/json$n" --parallel 64 --timeout 60 --format json)
  B=("$SIPSURV" probe --targets "$work/json$n" --parallel 64 --timeout 60 --format text)
  interleave "$RUNS" "json$n.json" A "json$n.text" B
  ok=$(ok_count --targets "$work/json$n" --parallel 64 --timeout 60)
  for f in wall_ms maxrss_kb; do
    j=$(med "json$n.json" $f) t=$(med "json$n.text" $f)
    ratio=$(calc "f'{$j/$t:.2f}'")
    if [[ $f == wall_ms ]]; then
      fig_j="$j ms" fig_t="text $t ms" what="time"
    else
      fig_j="$(calc "f'{$j/1024:.1f}'") MB" fig_t="text $(calc "f'{$t/1024:.1f}'") MB" what="max RSS"
    fi
    row "JSON vs text, $n probes: $what" "$fig_j" "$fig_t" "${ratio}x" "<= 1.2x" \
      "$(verdict "$ratio <= 1.2 and $ok == $n") (ok $ok)"
  done
done

fi

# 4. One TLS probe verifying against the system store vs against --ca-file.
if wanted ca; then
# --insecure in both: the bench CA is not in the system store, and the probe
# must do the same work (handshake, verification, OPTIONS) either way.
A=("$SIPSURV" probe sips:127.0.20.1:5061 --insecure)
B=("$SIPSURV" probe sips:127.0.20.1:5061 --insecure "${CA[@]}")
interleave "$((RUNS * 6))" ca.system A ca.file B
sys_ms=$(med ca.system wall_ms) file_ms=$(med ca.file wall_ms)
diff=$(calc "f'{$sys_ms-$file_ms:.1f}'")
row "one TLS probe: system store vs --ca-file" "${sys_ms} ms" "${file_ms} ms" "$(calc "f'{$diff:+.1f}'") ms" "<= +2 ms" \
  "$(verdict "$diff <= 2")"
sc=$(med ca.system cpu_ms) fcc=$(med ca.file cpu_ms)
row "  CPU" "${sc} ms" "${fcc} ms" "$(calc "f'{$sc-$fcc:+.1f}'") ms" "(info)" \
  "$(ls /etc/ssl/certs 2>/dev/null | grep -cE '^[0-9a-f]{8}\.[0-9]+$') hashed CAs"

fi

# 2b. The default window: 1000 UDP servers that answer after 50 ms (a real
# round trip). With all of them in flight the run takes about one round trip;
# with a window of 64 it takes one per 64 (issue 16: 868 ms against 122 ms).
if wanted window; then
A=("$SIPSURV" probe --targets "$work/slow1000" --timeout 30)
B=("$BIN/bench_udp_prober" --targets "$work/slow1000" --parallel 1000 --timeout-ms 30000)
interleave "$RUNS" window.ours A window.floor B
C=("$SIPSURV" probe --targets "$work/slow1000" --timeout 30 --parallel 64)
interleave "$RUNS" window.64 C window.floor B
ok=$(ok_count --targets "$work/slow1000" --timeout 30)
ours=$(med window.ours wall_ms) floor=$(med window.floor wall_ms) old=$(med window.64 wall_ms)
ratio=$(calc "f'{$ours/$floor:.2f}'")
row "UDP 1000 probes, 50 ms peers, default window" "${ours} ms" "${floor} ms" "${ratio}x" "<= 1.3x" \
  "$(verdict "$ratio <= 1.3 and $ok == 1000") (ok $ok)"
row "  the same with --parallel 64 (the old default)" "${old} ms" "${floor} ms" "$(calc "f'{$old/$floor:.2f}'")x" \
  "(info)" "-"

fi

# 5. Start-up: sipsurv --version against dig -v.
if wanted start; then
A=("$SIPSURV" --version)
B=(dig -v)
interleave "$((RUNS * 3))" start.ours A start.dig B
ours=$(med start.ours wall_ms) floor=$(med start.dig wall_ms)
ratio=$(calc "f'{$ours/$floor:.2f}'")
row "start-up: sipsurv --version vs dig -v" "${ours} ms" "${floor} ms" "${ratio}x" "<= 0.5x" \
  "$(verdict "$ratio <= 0.5")"

fi

# 6. The earlier rows (issue 3): a black hole costs one timeout, and the sipsak loops.
if wanted old; then
A=("$SIPSURV" probe --targets "$work/hole-site" --timeout 2)
runone hole "${A[@]}"
runone hole "${A[@]}"
runone hole "${A[@]}"
hole=$(med hole wall_ms)
ratio=$(calc "f'{$hole/2000:.2f}'")
row "black hole site, --timeout 2" "${hole} ms" "timeout 2000 ms" "${ratio}x" "<= 1.1x" "$(verdict "$ratio <= 1.1")"
sipsak_loop() { # sipsak_loop FILE PROTO: one sipsak per target, one after the other
  local line host port
  while read -r line; do
    host=${line#sip:}
    host=${host%%;*}
    port=${host##*:}
    host=${host%:*}
    sipsak -s "sip:bench@$host:$port" -E "$2" >/dev/null 2>&1 || true
  done <"$1"
}
for proto in udp tcp; do
  A=("$SIPSURV" probe --targets "$work/${proto}100")
  runone "sipsak.$proto.ours" "${A[@]}"
  runone "sipsak.$proto.ours" "${A[@]}"
  runone "sipsak.$proto.ours" "${A[@]}"
  ours=$(med "sipsak.$proto.ours" wall_ms)
  t0=$(date +%s%N)
  sipsak_loop "$work/${proto}100" "$proto"
  theirs=$((($(date +%s%N) - t0) / 1000000))
  row "100 ${proto^^} (50 ms) vs a sipsak loop" "${ours} ms" "sipsak ${theirs} ms" \
    "$(calc "f'{$theirs/$ours:.0f}'")x faster" "(info)" "-"
done
fi

echo
echo "sipsurv benchmark ($("$SIPSURV" --version | head -n 1); $(nproc) CPUs; load $load_start at start," \
  "$(cut -d' ' -f1-3 /proc/loadavg) at end; median of $RUNS interleaved runs, UDP $((RUNS * 2 + 1)), CA $((RUNS * 6)), start-up $((RUNS * 3)); rows: $ONLY)"
printf '%-40s | %-22s | %-22s | %-8s | %-9s | %s\n' "measurement" "sipsurv" "floor" "ratio" "target" "result"
printf '%s\n' "${rows[@]}"
if ((RUNS < 5)); then
  echo "bench: BENCH_RUNS=$RUNS is under 5: figures for a quick look, not a verdict"
fi
if printf '%s\n' "${rows[@]}" | grep -q "| FAIL"; then exit 1; fi
