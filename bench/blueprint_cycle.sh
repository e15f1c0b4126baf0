#!/usr/bin/env bash
# One metrics cycle the way the blueprint does it (a cron job twice a minute):
# curl /v2/info, pick two numbers with jq, two `aws cloudwatch put-metric-data`
# processes. Used by bench/agent_cycle.sh as the baseline.
# Usage: blueprint_cycle.sh NODE_URL INSTANCE_ID
set -euo pipefail
node_url=$1
instance_id=$2
info=$(curl -fsS --max-time 5 "$node_url/v2/info")
tip=$(jq -r .stacks_tip_height <<<"$info")
burn=$(jq -r .burn_block_height <<<"$info")
aws cloudwatch put-metric-data --namespace Stacks/Node --metric-name stacks_tip_height \
  --dimensions "InstanceId=$instance_id" --value "$tip"
aws cloudwatch put-metric-data --namespace Stacks/Node --metric-name burn_block_height \
  --dimensions "InstanceId=$instance_id" --value "$burn"
