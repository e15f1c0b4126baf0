#include "agent/bootstrap/cloudwatch_agent.h"

#include "contract/metrics.h"

namespace snr::agent {

using nlohmann::json;

json cloudwatch_agent_config(const CwAgentInputs& in) {
  namespace m = contract::metrics;
  const bool ha = in.kind == contract::DeploymentKind::ha;
  const std::string id(m::kDimInstanceId);
  const std::string group(m::kDimAutoScalingGroupName);
  const std::string path(m::kDimPath);

  json append = {{id, "${aws:InstanceId}"}};
  if (ha) append[group] = "${aws:AutoScalingGroupName}";
  json aggregation = json::array({json::array({id, path})});
  if (ha) aggregation.push_back(json::array({group, path}));

  json files = json::array();
  auto ship = [&](const std::string& file, const std::string& stream) {
    files.push_back({{"file_path", file},
                     {"log_group_name", in.log_group},
                     {"log_stream_name", "{instance_id}/" + stream},
                     {"timezone", "UTC"},
                     {"retention_in_days", -1}});
  };
  ship("/var/log/stacks/stacks-node.log", "stacks-node");
  if (in.signer) ship("/var/log/stacks/stacks-signer.log", "stacks-signer");
  ship("/var/log/cloud-init-output.log", "bootstrap");

  return {
      {"agent", {{"metrics_collection_interval", 60}, {"run_as_user", "root"}}},
      {"metrics",
       {{"namespace", std::string(m::kCwAgentNamespace)},
        {"append_dimensions", append},
        {"aggregation_dimensions", aggregation},
        {"metrics_collected",
         {{"cpu",
           {{"measurement",
             {"cpu_usage_idle", "cpu_usage_iowait", "cpu_usage_user", "cpu_usage_system"}},
            {"totalcpu", true}}},
          {"mem", {{"measurement", {"mem_used_percent", "mem_available"}}}},
          {"swap", {{"measurement", {"swap_used_percent"}}}},
          {"disk",
           {{"measurement", {"used_percent", "inodes_free"}},
            {"resources", {in.mount_point, "/"}},
            {"drop_device", true}}},
          {"diskio",
           {{"measurement", {"io_time", "reads", "writes", "read_bytes", "write_bytes"}}}},
          {"net", {{"measurement", {"bytes_sent", "bytes_recv", "packets_sent", "packets_recv"}}}},
          {"netstat", {{"measurement", {"tcp_established", "tcp_time_wait"}}}}}}}},
      {"logs", {{"logs_collected", {{"files", {{"collect_list", files}}}}}}}};
}

}  // namespace snr::agent
