#!/usr/bin/env bash
# Builds snr with warnings as errors and runs every test (unit, integration,
# fuzz smoke run, shell checks). This is the README's test command and CI's.
#
#   bash scripts/test.sh            everything (what CI runs)
#   bash scripts/test.sh --quick    only the unit tests: builds just them (not
#                                   the snr binary unless a CLI test needs it)
#                                   and runs them; the edit-test loop
# Further arguments go to ctest (e.g. -R NodeConfig).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

quick=0
if [[ ${1:-} == --quick ]]; then
  quick=1
  shift
fi

bash scripts/install-deps.sh

jobs=$(nproc)
bash scripts/configure.sh

if ((quick)); then
  cmake --build build -j"$jobs" --target snr_unit_tests
  exec ctest --test-dir build --output-on-failure -j"$jobs" -L unit "$@"
fi
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs" "$@"
