#!/usr/bin/env bash
# Soak: `snr agent run` for MINUTES (default 10) against a fixture node (the 4.0.2-shaped
# synced state of tests/fixtures/node-rpc/states, its tip advancing) while
# bench/agent_soak_load.py holds 200 slow clients (1 byte/s), sends garbage requests and
# probes /health every 0.5 s, all on 127.0.0.1 and bounded in count and time.
# Prints: normal probes answered within 1 s / total, max and p99 latency, the agent's RSS
# at start and end (and its peak), its log size.
# Usage: bench/agent_soak.sh [MINUTES]   (build first: ninja -C build snr)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
minutes=${1:-10}
snr=${SNR:-build/src/snr}
state=tests/fixtures/node-rpc/states/synced
[[ -x $snr ]] || { echo "build snr first ($snr)" >&2; exit 1; }

# shellcheck source=bench/lib.sh
source bench/lib.sh

# Fixture node: the synced state, the tip and the peers' maximum advancing 1 block every 5 s.
node_port=$(free_port)
python3 - "$node_port" "$state" >/dev/null 2>&1 <<'PY' &
import http.server, json, sys, time
port, state = int(sys.argv[1]), sys.argv[2]
load = lambda f: json.load(open(f"{state}/{f}"))
info, health, neighbors = load("v2-info.json"), load("v3-health.json"), load("v2-neighbors.json")
t0 = time.time()
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        n = int((time.time() - t0) / 5)
        i, h = dict(info), dict(health)
        i["stacks_tip_height"] += n
        h["node_stacks_tip_height"] += n
        h["max_stacks_height_of_neighbors"] += n
        body = {"/v2/info": i, "/v3/health": h, "/v2/neighbors": neighbors}.get(self.path)
        data = json.dumps(body).encode()
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    def log_message(self, *a): pass
http.server.ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
PY
pids+=($!)
health_port=$(free_port)
for _ in $(seq 100); do curl -fs -o /dev/null "http://127.0.0.1:$node_port/v2/info" && break; sleep 0.1; done

"$snr" agent run --no-publish --node-rpc "http://127.0.0.1:$node_port" \
  --health-listen "127.0.0.1:$health_port" --interval 5 --state-dir "$work" \
  2>"$work/agent.log" &
agent=$!
pids+=("$agent")
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$health_port/health" && break; sleep 0.1; done
sleep 5
rss() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
rss_start=$(rss "$agent" VmRSS)
fds_start=$(find "/proc/$agent/fd" -mindepth 1 -maxdepth 1 | wc -l)
result=$(python3 bench/agent_soak_load.py "$health_port" "$((minutes * 60))")
rss_end=$(rss "$agent" VmRSS)
hwm=$(rss "$agent" VmHWM)
fds_end=$(find "/proc/$agent/fd" -mindepth 1 -maxdepth 1 | wc -l)
cpu=$(awk '{ print ($14 + $15) / 100 }' "/proc/$agent/stat")
status=$(curl -s "http://127.0.0.1:$health_port/health" | head -c 200)
echo "soak: ${minutes} min; $result"
echo "agent: RSS ${rss_start} kB at start, ${rss_end} kB at end, peak ${hwm} kB; descriptors ${fds_start} -> ${fds_end}; CPU ${cpu} s; log $(wc -c <"$work/agent.log") bytes ($(wc -l <"$work/agent.log") lines)"
echo "last /health: $status"
