#!/usr/bin/env bash
# Builds snr with warnings as errors and runs every test (unit, integration,
# fuzz smoke run, shell checks). This is the README's test command and CI's.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-deps.sh

jobs=$(nproc)
cmake -S . -B build -DSNR_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs" "$@"
