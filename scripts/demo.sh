#!/usr/bin/env bash
# The README's first command: builds snr and runs its main job — deploying the
# sample follower (stacks-common + stacks-single-node) — into a local sandbox:
# moto_server, a local AWS emulator on 127.0.0.1. No AWS account is touched.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-deps.sh
bash scripts/configure.sh
cmake --build build -j"$(nproc)" --target snr >/dev/null

snr=build/src/snr
env_file=sample-configs/.env-sample-follower
# The sample's AWS_ACCOUNT_ID is a placeholder; the environment overrides it.
export AWS_ACCOUNT_ID=123456789012

"$snr" config check --env "$env_file"
"$snr" sandbox start --env "$env_file"
trap '"$snr" sandbox stop' EXIT

"$snr" deploy stacks-common stacks-single-node --sandbox --env "$env_file" \
  --outputs-file single-node-deploy.json
echo
echo "The blueprint README's query on the outputs file:"
echo "  jq -r '..|.nodeinstanceid? | select(. != null)' single-node-deploy.json"
jq -r '..|.nodeinstanceid? | select(. != null)' single-node-deploy.json
echo
"$snr" status --sandbox --env "$env_file"
echo
echo "The sandbox stops now (its state with it). To explore: '$snr sandbox start --env $env_file',"
echo "then deploy/status/diff/destroy with --sandbox; for AWS, the same commands without --sandbox."
