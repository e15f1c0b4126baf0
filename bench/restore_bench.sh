#!/usr/bin/env bash
# Chainstate restore benchmark (not a test): serves a generated chainstate-like archive on
# 127.0.0.1 with a bandwidth cap and times
#   - each stage alone: network at the cap (download + SHA-256, no disk), decompression alone
#     (no writes), disk writes alone (extract an uncompressed tar), extract from a local file;
#   - the blueprint's approach: wget -O file URL && tar -xzf file;
#   - `snr agent restore-chainstate` (download | decompress | extract, verified, synced).
# once with the network as the bottleneck (CAP_MBPS) and once without a cap.
# Prints a table; docs/chainstate-restore.md has the numbers of this machine.
#
# Usage: bench/restore_bench.sh [RAW_MIB] [CAP_MBPS]      (defaults: 5500 MiB raw ~ 2 GB archive, 40 MB/s)
# Env:   BUILD=build  WORK=/tmp/snr-restore-bench (kept between runs: the archive is reused)
#        REPEAT=N: run everything N times and keep each run's best time (the machine is shared)
#        FORMAT=gzip|zstd: the archive's compression (default gzip; Hiro publishes zstd)
#        CAPPED_ONLY=1: only the runs with the network capped (network alone, snr restore)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

RAW_MIB=${1:-5500}
CAP_MBPS=${2:-40}
BUILD=${BUILD:-build}
REPEAT=${REPEAT:-1}
FORMAT=${FORMAT:-gzip}
CAPPED_ONLY=${CAPPED_ONLY:-0}
case $FORMAT in
  gzip) ext=tar.gz decompress=(gzip -dc) ;;
  zstd) ext=tar.zst decompress=(zstd -dc) ;;
  *) echo "FORMAT must be gzip or zstd" >&2; exit 2 ;;
esac
WORK=${WORK:-/tmp/snr-restore-bench}
tool=$BUILD/bench/restore_bench_tool
snr=$BUILD/src/snr
[[ -x $tool && -x $snr ]] || { echo "build first: cmake --build $BUILD -j2" >&2; exit 1; }
command -v wget >/dev/null || { echo "wget is needed for the blueprint's approach" >&2; exit 1; }
mkdir -p "$WORK"

archive=$WORK/chainstate-$RAW_MIB.$ext
plain=$WORK/chainstate-$RAW_MIB.tar
if [[ ! -s $archive ]]; then
  echo "generating $archive ($RAW_MIB MiB extracted) ..." >&2
  "$tool" gen "$archive.tmp" "$RAW_MIB" "$FORMAT" >&2
  mv "$archive.tmp" "$archive"
fi
if [[ ! -s $plain ]]; then
  "${decompress[@]}" "$archive" >"$plain.tmp" && mv "$plain.tmp" "$plain"
fi
archive_bytes=$(stat -c %s "$archive")
sha=$(sha256sum "$archive" | cut -d' ' -f1)

server_pid=""
stop_server() {
  if [[ -n $server_pid ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
loopdev=""
release_fs() {
  if [[ -n $loopdev ]]; then
    umount "$WORK/out" 2>/dev/null || true
    losetup -d "$loopdev" 2>/dev/null || true
    loopdev=""
  fi
  rm -rf "$WORK/out" "$WORK/fs.img"
}
cleanup() {
  stop_server
  release_fs
  rm -f "$WORK/port"
}
trap cleanup EXIT

start_server() {  # $1: cap in MB/s, 0 for none
  rm -f "$WORK/port"
  "$tool" serve "$archive" "$WORK/port" "$1" &
  server_pid=$!
  for _ in $(seq 200); do [[ -s $WORK/port ]] && break; sleep 0.05; done
  [[ -s $WORK/port ]] || { echo "server did not start" >&2; exit 1; }
  url="http://127.0.0.1:$(cat "$WORK/port")/$(basename "$archive")"
}

# Every run writes to a freshly made ext4 (a loop device with direct I/O on a sparse file),
# as a restore does on a new data volume. Re-using one directory is not fair: ext4 gets
# slow at creating files right after as many were deleted (recently_deleted() in the
# inode allocator), which would penalise whichever run comes later.
fresh_out() {
  release_fs
  mkdir -p "$WORK/out"
  if [[ $(id -u) -eq 0 ]] && command -v losetup >/dev/null; then
    truncate -s "$((RAW_MIB * 3 + 4096))M" "$WORK/fs.img"
    loopdev=$(losetup -f --show --direct-io=on "$WORK/fs.img")
    mkfs.ext4 -q -F -E lazy_itable_init=0,lazy_journal_init=0 "$loopdev"
    mount "$loopdev" "$WORK/out"
  elif [[ -z ${warned_fs:-} ]]; then
    warned_fs=1
    echo "warning: not root: runs share one filesystem; later runs may be slowed by ext4" >&2
  fi
  sync
}

rows=()
# time_it NAME CMD...: runs CMD REPEAT times, records the best seconds and that run's CPU
# seconds (user + sys of the command and its children; not the loopback server's, not the
# kernel's writeback threads).
time_it() {
  local name=$1
  shift
  local best="" best_cpu="" t0 t1 secs cpu
  for _ in $(seq "$REPEAT"); do
    fresh_out
    t0=$(date +%s.%N)
    { TIMEFORMAT='%3U %3S'; time "$@" >"$WORK/last.log" 2>&1; } 2>"$WORK/cpu" ||
      { cat "$WORK/last.log" >&2; echo "FAILED: $name" >&2; exit 1; }
    t1=$(date +%s.%N)
    secs=$(echo "$t1 - $t0" | bc -l)
    cpu=$(awk '{ print $1 + $2 }' "$WORK/cpu")
    printf '%-58s %7.1f s  (CPU %5.1f s)\n' "$name" "$secs" "$cpu" >&2
    if [[ -z $best ]] || (($(echo "$secs < $best" | bc -l))); then best=$secs best_cpu=$cpu; fi
  done
  rows+=("$name|$best|$best_cpu")
}

blueprint() {
  mkdir -p "$WORK/out/data"
  wget -q -O "$WORK/out/download.$ext" "$url" && tar -xf "$WORK/out/download.$ext" -C "$WORK/out/data" && sync
}
restore() { "$snr" agent restore-chainstate "$url" "$WORK/out/data" --sha256 "$sha" --progress-interval 30; }

# Stages without the network.
time_it "decompression alone (libarchive $FORMAT, no writes)" "$tool" inflate "$archive"
time_it "disk writes alone (extract the .tar, + sync)" "$tool" extract "$plain" "$WORK/out/x"
if [[ $CAPPED_ONLY != 1 ]]; then
  time_it "extract from a local .$ext (1 thread, + sync)" "$tool" extract "$archive" "$WORK/out/x"
fi

# Network the bottleneck.
start_server "$CAP_MBPS"
time_it "network alone at ${CAP_MBPS} MB/s (download + SHA-256)" "$tool" fetch "$url"
if [[ $CAPPED_ONLY != 1 ]]; then
  time_it "blueprint at ${CAP_MBPS} MB/s: wget && tar -xf (+ sync)" blueprint
fi
time_it "snr restore at ${CAP_MBPS} MB/s" restore
stop_server

# No cap: the local stages are the limit.
if [[ $CAPPED_ONLY != 1 ]]; then
  start_server 0
  time_it "network alone, no cap (download + SHA-256)" "$tool" fetch "$url"
  time_it "blueprint, no cap: wget && tar -xf (+ sync)" blueprint
  time_it "snr restore, no cap" restore
  stop_server
fi

# field_of NAME N: field N (2: seconds, 3: CPU seconds) of the row whose name starts with NAME.
field_of() { for r in "${rows[@]}"; do [[ ${r%%|*} == "$1"* ]] && cut -d'|' -f"$2" <<<"$r" && return; done; }
secs_of() { field_of "$1" 2; }
cpu_of() { field_of "$1" 3; }
rate() { echo "scale=1; $archive_bytes / 1000000 / $1" | bc -l; }
min() { printf '%s\n' "$@" | sort -g | head -1; }

dec=$(rate "$(secs_of "decompression alone")")
wr=$(rate "$(secs_of "disk writes alone")")
net_cap=$(rate "$(secs_of "network alone at")")
limit_cap=$(min "$net_cap" "$dec" "$wr")
if [[ $CAPPED_ONLY != 1 ]]; then
  net_free=$(rate "$(secs_of "network alone, no cap")")
  limit_free=$(min "$net_free" "$dec" "$wr")
fi

echo
echo "archive: $(basename "$archive"), $archive_bytes bytes ($(echo "scale=2; $archive_bytes/1000000000" | bc) GB), $RAW_MIB MiB extracted"
echo "best of $REPEAT run(s) each; every run writes to a fresh ext4"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB RAM"
echo
printf '| %-58s | %8s | %8s | %16s | %10s |\n' "run" "seconds" "CPU s" "archive MB/s" "% of limit"
printf '|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..60})" "----------" "----------" "------------------" "------------"
for r in "${rows[@]}"; do
  name=${r%%|*}
  secs=$(cut -d'|' -f2 <<<"$r")
  cpu=$(cut -d'|' -f3 <<<"$r")
  mbps=$(rate "$secs")
  pct=""
  case $name in
    "blueprint at"* | "snr restore at"*) pct=$(echo "scale=0; 100 * $mbps / $limit_cap" | bc) ;;
    "blueprint, no cap"* | "snr restore, no cap"*) pct=$(echo "scale=0; 100 * $mbps / $limit_free" | bc) ;;
  esac
  printf '| %-58s | %8.1f | %8.1f | %16s | %10s |\n' "$name" "$secs" "$cpu" "$mbps" "${pct:+$pct %}"
done
echo
echo "limit with the cap   = min(network $net_cap, decompression $dec, writes $wr) = $limit_cap MB/s"
[[ $CAPPED_ONLY == 1 ]] && exit 0
echo "limit without a cap  = min(network $net_free, decompression $dec, writes $wr) = $limit_free MB/s"
# With no cap every stage needs CPU, and they share the cores: the restore cannot beat the
# stages' summed CPU time spread over all cores either, whatever the slowest stage alone does.
cores=$(nproc)
cpu_sum=$(echo "$(cpu_of "decompression alone") + $(cpu_of "disk writes alone") + $(cpu_of "network alone, no cap")" | bc -l)
cpu_floor=$(echo "scale=2; $cpu_sum / $cores" | bc -l)
restore_free=$(secs_of "snr restore, no cap")
bound=$(printf '%s\n' "$cpu_floor" "$(secs_of "decompression alone")" "$(secs_of "disk writes alone")" \
  "$(secs_of "network alone, no cap")" | sort -g | tail -1)
printf 'CPU bound, no cap    = (decompression + writes + network CPU) / %d cores = %.1f / %d = %.1f s\n' \
  "$cores" "$cpu_sum" "$cores" "$cpu_floor"
printf 'no cap, both bounds  = max(slowest stage alone, CPU bound) = %.1f s: snr restore took %.1f s = %s %% of it\n' \
  "$bound" "$restore_free" "$(echo "scale=0; 100 * $bound / $restore_free" | bc)"
