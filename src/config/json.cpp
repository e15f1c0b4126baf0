#include "config/json.h"

#include "util/error.h"
#include "util/json_fields.h"

namespace snr::config {
namespace {

using nlohmann::json;

template <typename T>
T field(const json& j, const char* path, const char* key) {
  return util::json_field<T>(j, "config document", path, key);
}

template <typename E, typename Parse>
E enum_field(const json& j, const char* key, Parse parse) {
  auto s = field<std::string>(j, "", key);
  auto v = parse(s);
  if (!v) throw Failure(std::string("config document: bad ") + key + ": \"" + s + "\"");
  return *v;
}

}  // namespace

json to_json(const Config& c) {
  json j;
  j["account_id"] = c.account_id;
  j["region"] = c.region;
  j["role"] = to_string(c.role);
  j["network"] = to_string(c.network);
  j["instance_type"] = c.instance_type;
  j["cpu_type"] = to_string(c.cpu_type);
  j["stacks_version"] = c.stacks_version;
  j["download_chainstate"] = c.download_chainstate;
  j["bootstrap_nodes"] = c.bootstrap_nodes;
  j["chainstate_archive_url"] = c.chainstate_archive_url;
  j["chainstate_sha256"] = c.chainstate_sha256;
  j["ports"] = {{"p2p", c.ports.p2p},
                {"rpc", c.ports.rpc},
                {"node_metrics", c.ports.node_metrics},
                {"signer_metrics", c.ports.signer_metrics},
                {"signer_events", c.ports.signer_events},
                {"health", c.ports.health}};
  const Bitcoin& b = c.bitcoin;
  j["bitcoin"] = {{"peer_host", b.peer_host},
                  {"rpc_port", b.rpc_port},
                  {"p2p_port", b.p2p_port},
                  {"rpc_username", b.rpc_username},
                  {"rpc_password_secret_arn", b.rpc_password_secret_arn},
                  {"wallet_name", b.wallet_name},
                  {"burn_fee_cap", b.burn_fee_cap},
                  {"satoshis_per_byte", b.satoshis_per_byte},
                  {"rbf_fee_increment", b.rbf_fee_increment},
                  {"max_rbf", b.max_rbf}};
  j["miner"] = {{"block_reward_recipient", c.miner.block_reward_recipient},
                {"segwit", c.miner.segwit}};
  j["signer_secret_arn"] = c.signer_secret_arn;
  j["miner_secret_arn"] = c.miner_secret_arn;
  j["data_volume"] = {{"size_gib", c.data_volume.size_gib},
                      {"type", to_string(c.data_volume.type)},
                      {"iops", c.data_volume.iops},
                      {"throughput_mibps", c.data_volume.throughput_mibps}};
  j["ha"] = {{"health_check_grace_period_min", c.ha.health_check_grace_period_min},
             {"heartbeat_delay_min", c.ha.heartbeat_delay_min},
             {"number_of_nodes", c.ha.number_of_nodes}};
  j["monitoring"] = {{"alarm_email", c.monitoring.alarm_email},
                     {"log_retention_days", c.monitoring.log_retention_days},
                     {"health_max_blocks_behind", c.monitoring.health_max_blocks_behind},
                     {"health_max_tip_age_min", c.monitoring.health_max_tip_age_min}};
  return j;
}

Config config_from_json(const json& j) {
  if (!j.is_object()) throw Failure("config document: not a JSON object");
  Config c;
  c.account_id = field<std::string>(j, "", "account_id");
  c.region = field<std::string>(j, "", "region");
  c.role = enum_field<Role>(j, "role", node::parse_role);
  c.network = enum_field<Network>(j, "network", node::parse_network);
  c.instance_type = field<std::string>(j, "", "instance_type");
  c.cpu_type = enum_field<CpuType>(j, "cpu_type", node::parse_cpu_type);
  c.stacks_version = field<std::string>(j, "", "stacks_version");
  c.download_chainstate = field<bool>(j, "", "download_chainstate");
  c.bootstrap_nodes = field<std::vector<std::string>>(j, "", "bootstrap_nodes");
  c.chainstate_archive_url = field<std::string>(j, "", "chainstate_archive_url");
  c.chainstate_sha256 = field<std::string>(j, "", "chainstate_sha256");

  const json ports = field<json>(j, "", "ports");
  c.ports.p2p = field<std::uint16_t>(ports, "ports.", "p2p");
  c.ports.rpc = field<std::uint16_t>(ports, "ports.", "rpc");
  c.ports.node_metrics = field<std::uint16_t>(ports, "ports.", "node_metrics");
  c.ports.signer_metrics = field<std::uint16_t>(ports, "ports.", "signer_metrics");
  c.ports.signer_events = field<std::uint16_t>(ports, "ports.", "signer_events");
  c.ports.health = field<std::uint16_t>(ports, "ports.", "health");

  const json b = field<json>(j, "", "bitcoin");
  c.bitcoin.peer_host = field<std::string>(b, "bitcoin.", "peer_host");
  c.bitcoin.rpc_port = field<std::uint16_t>(b, "bitcoin.", "rpc_port");
  c.bitcoin.p2p_port = field<std::uint16_t>(b, "bitcoin.", "p2p_port");
  c.bitcoin.rpc_username = field<std::string>(b, "bitcoin.", "rpc_username");
  c.bitcoin.rpc_password_secret_arn = field<std::string>(b, "bitcoin.", "rpc_password_secret_arn");
  c.bitcoin.wallet_name = field<std::string>(b, "bitcoin.", "wallet_name");
  c.bitcoin.burn_fee_cap = field<std::uint64_t>(b, "bitcoin.", "burn_fee_cap");
  c.bitcoin.satoshis_per_byte = field<std::uint64_t>(b, "bitcoin.", "satoshis_per_byte");
  c.bitcoin.rbf_fee_increment = field<std::uint64_t>(b, "bitcoin.", "rbf_fee_increment");
  c.bitcoin.max_rbf = field<std::uint64_t>(b, "bitcoin.", "max_rbf");

  const json miner = field<json>(j, "", "miner");
  c.miner.block_reward_recipient = field<std::string>(miner, "miner.", "block_reward_recipient");
  c.miner.segwit = field<bool>(miner, "miner.", "segwit");
  c.signer_secret_arn = field<std::string>(j, "", "signer_secret_arn");
  c.miner_secret_arn = field<std::string>(j, "", "miner_secret_arn");

  const json v = field<json>(j, "", "data_volume");
  c.data_volume.size_gib = field<std::uint32_t>(v, "data_volume.", "size_gib");
  c.data_volume.type = enum_field<VolumeType>(v, "type", node::parse_volume_type);
  c.data_volume.iops = field<std::uint32_t>(v, "data_volume.", "iops");
  c.data_volume.throughput_mibps = field<std::uint32_t>(v, "data_volume.", "throughput_mibps");

  const json ha = field<json>(j, "", "ha");
  c.ha.health_check_grace_period_min =
      field<std::uint32_t>(ha, "ha.", "health_check_grace_period_min");
  c.ha.heartbeat_delay_min = field<std::uint32_t>(ha, "ha.", "heartbeat_delay_min");
  c.ha.number_of_nodes = field<std::uint32_t>(ha, "ha.", "number_of_nodes");

  const json m = field<json>(j, "", "monitoring");
  c.monitoring.alarm_email = field<std::string>(m, "monitoring.", "alarm_email");
  c.monitoring.log_retention_days = field<std::uint32_t>(m, "monitoring.", "log_retention_days");
  c.monitoring.health_max_blocks_behind =
      field<std::uint32_t>(m, "monitoring.", "health_max_blocks_behind");
  c.monitoring.health_max_tip_age_min =
      field<std::uint32_t>(m, "monitoring.", "health_max_tip_age_min");
  return c;
}

}  // namespace snr::config
