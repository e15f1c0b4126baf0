#pragma once
/// The deployment as a Graph, read from the SYNTHESIZED templates (infra/synth.h), never
/// from a hand-kept list: the instance or Auto Scaling group (from the EC2/AutoScaling
/// resources and their launch template), the load balancer and what it forwards to (listener
/// and target group ports), the security-group paths (every ingress rule: port and source),
/// the data volume (the volume resource or the launch template's block device), the SSM
/// settings parameter, CloudWatch (alarms, dashboard, log group, metrics), the SNS alarm topic,
/// the S3 buckets of the common stack, and what the node's role may call (its IAM statements:
/// Secrets Manager, S3, SSM, CloudWatch). The processes on an instance (stacks-node, snr agent,
/// the signer beside its node) come from the Config's role.

#include "config/config.h"
#include "diagram/graph.h"
#include "infra/synth.h"

namespace snr::diagram {

Graph graph_from_templates(const config::Config& config, const infra::Synthesis& synthesis);

}  // namespace snr::diagram
