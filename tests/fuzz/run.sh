#!/usr/bin/env bash
# Runs a fuzz target briefly from a scratch copy of its seed corpus (CTest's fuzz smoke run).
# usage: run.sh FUZZER SEED_CORPUS_DIR SECONDS
set -euo pipefail
fuzzer=$1 seeds=$2 seconds=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$seeds"/. "$work/"
cd "$work"
"$fuzzer" -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$work/" . 2>&1 | tail -n 20
status=${PIPESTATUS[0]}
if ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* >/dev/null 2>&1; then
  echo "fuzz: finding saved; reproduce with: $fuzzer <file>" >&2
  for f in "$work"/crash-* "$work"/leak-* "$work"/timeout-*; do
    [[ -e $f ]] && base64 -w0 "$f" && echo
  done
  exit 1
fi
exit "$status"
