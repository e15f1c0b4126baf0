#!/usr/bin/env bash
# Benchmark: `snr synth` of the three stacks as a whole process (wall time with
# hyperfine, peak RSS with GNU time). Prints the median wall time and peak RSS.
# Usage: bash bench/synth.sh [path/to/snr]   (default: build/src/snr)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
snr=$(realpath "${1:-build/src/snr}")
[[ -x $snr ]] || { echo "bench: $snr not found; build first (cmake --build build)" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "bench: hyperfine missing (scripts/install-deps.sh)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The blueprint's sample follower .env with a concrete account.
sed 's/xxxxxxxxxxxx/123456789012/' tests/fixtures/blueprint/env-sample-follower >"$work/.env"
cd "$work"

hyperfine --shell=none --warmup 5 --runs 200 --export-json "$work/hyperfine.json" \
  "$snr synth --env $work/.env --out $work/out" >/dev/null
median_ms=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.2f" % (r["median"]*1000))' "$work/hyperfine.json")
mean_ms=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.2f" % (r["mean"]*1000))' "$work/hyperfine.json")

peak_kib=0
for _ in $(seq 20); do
  kib=$(/usr/bin/time -f '%M' "$snr" synth --env "$work/.env" --out "$work/out" 2>&1 >/dev/null | tail -1)
  ((kib > peak_kib)) && peak_kib=$kib
done

templates=("$work"/out/*.template.json)
printf 'templates written: %s\n' "${#templates[@]}"
printf 'snr synth (3 stacks): median %s ms, mean %s ms wall (hyperfine, 200 runs); peak RSS %s KiB (%s MiB)\n' \
  "$median_ms" "$mean_ms" "$peak_kib" "$((peak_kib / 1024))"
