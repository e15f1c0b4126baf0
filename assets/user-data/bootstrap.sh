#!/bin/bash
# snr bootstrap (EC2 user-data). Reads this stack's deployment settings from
# SSM, downloads the snr binary they name from the asset bucket, checks its
# sha256 and hands over to `snr agent bootstrap`. CloudFormation renders this
# file with Fn::Sub: only the five quoted values below are filled in, all of
# them stack identifiers; every deployment setting reaches the node as the
# JSON document, never as shell text.
set -euo pipefail

readonly region='${AWS::Region}'
readonly stack='${AWS::StackName}'
readonly settings_param='${SettingsParameterName}'
readonly signal_resource='${SignalLogicalId}'
readonly lifecycle_hook='${LifecycleHookName}'
readonly settings_file=/etc/snr/settings.json
readonly snr_bin=/usr/local/bin/snr

imds() {
  local token
  token=$(curl -fsS -X PUT http://169.254.169.254/latest/api/token \
    -H 'X-aws-ec2-metadata-token-ttl-seconds: 300')
  curl -fsS -H "X-aws-ec2-metadata-token: $token" "http://169.254.169.254/latest/meta-data/$1"
}

# Reports the failure at once instead of letting CloudFormation or Auto
# Scaling wait for their timeout, then stops.
fail() {
  echo "snr bootstrap: $*" >&2
  local instance group
  instance=$(imds instance-id) || exit 1
  if [[ -n $lifecycle_hook ]]; then
    group=$(imds tags/instance/aws:autoscaling:groupName) || exit 1
    aws autoscaling complete-lifecycle-action --region "$region" \
      --auto-scaling-group-name "$group" --lifecycle-hook-name "$lifecycle_hook" \
      --instance-id "$instance" --lifecycle-action-result ABANDON || true
  else
    aws cloudformation signal-resource --region "$region" --stack-name "$stack" \
      --logical-resource-id "$signal_resource" --unique-id "$instance" --status FAILURE || true
  fi
  exit 1
}
trap 'fail "failed at line $LINENO"' ERR

install -d -m 0755 /etc/snr

# CloudFormation creates the settings parameter right after this instance:
# wait for it, 10 minutes at most.
for _ in $(seq 60); do
  if aws ssm get-parameter --region "$region" --name "$settings_param" \
    --query Parameter.Value --output text >"$settings_file.new" 2>/dev/null; then
    break
  fi
  sleep 10
done
[[ -s $settings_file.new ]] || fail "cannot read the settings parameter $settings_param"
chmod 0640 "$settings_file.new"
mv "$settings_file.new" "$settings_file"

read -r bucket key sha256 < <(python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))["assets"]["snr"]
print(a["bucket"], a["key"], a["sha256"])' "$settings_file")
[[ $bucket =~ ^[a-z0-9][a-z0-9.-]+$ ]] || fail "bad asset bucket name"
[[ $key =~ ^[A-Za-z0-9][A-Za-z0-9/._-]*$ ]] || fail "bad asset key"
[[ $sha256 =~ ^[0-9a-f]{64}$ ]] || fail "bad asset sha256"

tmp=$(mktemp /usr/local/bin/.snr.XXXXXX)
aws s3 cp --only-show-errors --region "$region" "s3://$bucket/$key" "$tmp"
echo "$sha256  $tmp" | sha256sum --check --strict --quiet ||
  fail "s3://$bucket/$key does not match sha256 $sha256"
chmod 0755 "$tmp"
mv "$tmp" "$snr_bin"

# From here on the agent reports success or failure itself.
trap - ERR
exec "$snr_bin" agent bootstrap --settings "$settings_file"
