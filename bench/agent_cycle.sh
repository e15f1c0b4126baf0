#!/usr/bin/env bash
# CPU time and peak RSS of one sample-and-publish cycle: `snr agent run --once`
# against the blueprint's way (bench/blueprint_cycle.sh: curl + jq + two
# `aws cloudwatch put-metric-data`), both against a fixture node (the /v2/info,
# /v3/health and /v2/neighbors bodies of tests/fixtures/node-rpc served on
# loopback) and moto_server on loopback. Also the long-running service's cost per cycle
# (`snr agent run --interval 1`, CPU from /proc after N cycles, VmHWM).
# Usage: bench/agent_cycle.sh [RUNS]   (build first: cmake --build build -j2)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-20}
snr=${SNR:-build/src/snr}
fixtures=tests/fixtures/node-rpc
[[ -x $snr ]] || { echo "build snr first ($snr)" >&2; exit 1; }

# shellcheck source=bench/lib.sh
source bench/lib.sh

# Fixture node: static files on loopback.
mkdir -p "$work/node/v2" "$work/node/v3"
cp "$fixtures/v2-info.mainnet.json" "$work/node/v2/info"
cp "$fixtures/v3-health.synced.json" "$work/node/v3/health"
cp "$fixtures/v2-neighbors.json" "$work/node/v2/neighbors"
node_port=$(free_port)
(cd "$work/node" && exec python3 -m http.server "$node_port" --bind 127.0.0.1) >/dev/null 2>&1 &
pids+=($!)
node_url=http://127.0.0.1:$node_port
wait_http "$node_url/v2/info"

moto_port=$(free_port)
moto_server -H 127.0.0.1 -p "$moto_port" >"$work/moto.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$moto_port/moto-api/" || wait_http "http://127.0.0.1:$moto_port/"

export AWS_ENDPOINT_URL=http://127.0.0.1:$moto_port AWS_ACCESS_KEY_ID=bench \
  AWS_SECRET_ACCESS_KEY=bench AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1 \
  AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true

# measure NAME CMD...: RUNS runs (bench/rusage.py); median CPU (user+sys, children
# included) and wall, peak RSS of the largest process (for the blueprint: aws).
measure() {
  local name=$1; shift
  local out="$work/$name.times"
  python3 bench/rusage.py "$runs" "$@" >"$out"
  median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
  local cpu wall rss
  cpu=$(awk '$1 == "cpu" { print $2 }' "$out" | median)
  wall=$(awk '$1 == "cpu" { print $4 }' "$out" | median)
  rss=$(awk '$1 == "maxrss" { print $2 }' "$out")
  printf '%-28s median CPU %8.2f ms   median wall %8.2f ms   peak RSS %6.1f MiB\n' \
    "$name" "$cpu" "$wall" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')"
}

echo "one cycle, $runs runs each (fixture node + moto_server on loopback):"
measure blueprint bash bench/blueprint_cycle.sh "$node_url" i-bench
measure "snr agent run --once" "$snr" agent run --once --node-rpc "$node_url" \
  --instance-id i-bench --region us-east-1 --data-path /
# The floor: any process that loads this machine's libcurl and does one GET.
floor=${FLOOR:-$(dirname "$snr")/../bench/libcurl_floor}
if [[ -x $floor ]]; then
  measure "libcurl floor (one GET)" "$floor" "$node_url/v2/info"
fi

# The service: N cycles at 1 s, CPU ticks from /proc, VmHWM.
cycles=${CYCLES:-30}
"$snr" agent run --node-rpc "$node_url" --instance-id i-bench --region us-east-1 \
  --interval 1 --health-listen "127.0.0.1:$(free_port)" --data-path / >/dev/null 2>&1 &
svc=$!
pids+=("$svc")
sleep 1
read -r u0 s0 < <(awk '{print $14, $15}' "/proc/$svc/stat")
sleep "$cycles"
read -r u1 s1 < <(awk '{print $14, $15}' "/proc/$svc/stat")
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$svc/status")
# Where the service's resident pages are: its own binary, OpenSSL, the other shared
# libraries, and its private (anonymous) memory, in KiB.
breakdown=$(awk -v self="$(readlink -f "$snr")" '
  /^[0-9a-f]+-[0-9a-f]+ / { m = (NF >= 6) ? $6 : "" }
  /^Rss:/ {
    k = "anon"
    if (m == self) k = "snr"
    else if (m ~ /libcrypto|libssl/) k = "openssl"
    else if (m ~ /\.so/) k = "libs"
    a[k] += $2
  }
  END { printf "snr binary %.1f, OpenSSL %.1f, other shared libraries %.1f, private %.1f MiB",
        a["snr"] / 1024, a["openssl"] / 1024, a["libs"] / 1024, a["anon"] / 1024 }' "/proc/$svc/smaps")
tck=$(getconf CLK_TCK)
awk -v d=$((u1 + s1 - u0 - s0)) -v n="$cycles" -v t="$tck" -v h="$hwm" 'BEGIN {
  printf "%-28s CPU per cycle %6.2f ms (%d cycles)             peak RSS %6.1f MiB\n",
         "snr agent run (service)", d * 1000 / t / n, n, h / 1024 }'
echo "  resident now: $breakdown"
