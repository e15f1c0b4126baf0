#!/usr/bin/env bash
# The README's first command: builds snr and runs its main job on the sample
# follower configuration.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target snr >/dev/null

# The sample's AWS_ACCOUNT_ID is a placeholder; the environment overrides it.
export AWS_ACCOUNT_ID=123456789012
env=sample-configs/.env-sample-follower
build/src/snr config check --env "$env"
build/src/snr render node-config --env "$env"
