#include "config/load.h"

#include <algorithm>
#include <array>
#include <regex>
#include <set>

#include "config/instance_types.h"
#include "config/regions.h"
#include "config/text_checks.h"
#include "config/validators.h"
#include "config/variables.h"
#include "config/versions.h"
#include "net/url.h"
#include "node/c32.h"
#include "node/networks.h"
#include "util/hex.h"
#include "util/strings.h"

namespace snr::config {
namespace {

constexpr std::uint16_t kMinUnprivilegedPort = 1024;
/// Retention values CloudWatch Logs accepts, from 7 days up.
constexpr std::array<std::uint32_t, 17> kLogRetentionDays{
    7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922};

std::string allowed(const std::vector<std::string>& names) {
  return "allowed: " + util::join(names, ", ");
}

/// A variable's raw text and where it came from.
struct Raw {
  std::string value;
  Source source;
  std::string origin;
};

/// Reads variables (environment over file), records each effective value in
/// config.variables and reports problems to diags, naming variable and origin.
class Reader {
 public:
  Reader(const DotenvFile& file, const util::Environment& env, Config& config, Diagnostics& diags)
      : file_(file), env_(env), config_(config), diags_(diags) {}

  /// The value if set, non-empty and text; empty means "use the default", as in the blueprint.
  std::optional<Raw> get(std::string_view name) const {
    if (rejected_.count(std::string(name))) return std::nullopt;
    return lookup(name);
  }

  /// Refuses, once per variable and before anything reads it, every value that is not one
  /// line of UTF-8 text: such a value would break TOML, JSON and headers later (F5).
  void screen_text() {
    for (const auto& v : known_variables()) {
      auto raw = lookup(v.name);
      if (!raw) continue;
      if (auto problem = text_value_problem(raw->value)) {
        error(v.name, "the value " + *problem);
        rejected_.insert(std::string(v.name));
      }
    }
  }

  bool is_set(std::string_view name) const { return get(name).has_value(); }

  /// "STACKS_RPC_PORT (.env:12)" or just the name for defaults.
  std::string subject(std::string_view name) const {
    auto raw = lookup(name);
    std::string s(name);
    if (raw) s += " (" + raw->origin + ")";
    return s;
  }

  void error(std::string_view name, std::string message) {
    if (screened_ && rejected_.count(std::string(name))) return;  // reported once already
    diags_.error(subject(name), std::move(message));
  }
  void warning(std::string_view name, std::string message) {
    if (screened_ && rejected_.count(std::string(name))) return;
    diags_.warning(subject(name), std::move(message));
  }
  void end_screen() { screened_ = true; }

 private:
  std::optional<Raw> lookup(std::string_view name) const {
    if (auto it = env_.find(name); it != env_.end()) {
      if (it->second.empty()) return std::nullopt;
      return Raw{it->second, Source::environment, "environment"};
    }
    if (const DotenvEntry* e = file_.find(name)) {
      if (e->value.empty()) return std::nullopt;
      return Raw{e->value, Source::file, file_.path + ":" + std::to_string(e->line)};
    }
    return std::nullopt;
  }
  std::set<std::string> rejected_;
  bool screened_ = false;

 public:
  /// The value as shown in messages: quoted, or redacted for secrets.
  std::string shown(std::string_view name, std::string_view value) const {
    const VariableInfo* info = find_variable(name);
    if (info && info->secret) return Secret::kRedacted;
    return quote_value(value);
  }

  void record(std::string_view name, std::string value, const std::optional<Raw>& raw) {
    const VariableInfo* info = find_variable(name);
    if (info && info->secret && !value.empty()) value = Secret::kRedacted;
    VariableValue s;
    s.value = std::move(value);
    s.source = raw ? raw->source : Source::default_value;
    s.origin = raw ? raw->origin : "default";
    config_.variables[std::string(name)] = std::move(s);
  }

  std::string text(std::string_view name, std::string_view def) {
    auto raw = get(name);
    std::string v = raw ? raw->value : std::string(def);
    record(name, v, raw);
    return v;
  }

  std::uint64_t number(std::string_view name, std::uint64_t def, std::uint64_t min,
                       std::uint64_t max, std::string_view unit = "") {
    auto raw = get(name);
    std::uint64_t v = def;
    std::string range = "allowed: " + std::to_string(min) + "–" + std::to_string(max);
    if (!unit.empty()) range += " " + std::string(unit);
    if (raw) {
      auto parsed = util::parse_uint(util::trim(raw->value));
      if (!parsed) {
        error(name, shown(name, raw->value) + " is not a whole number; " + range);
      } else if (*parsed < min || *parsed > max) {
        error(name, shown(name, raw->value) + " is out of range; " + range);
      } else {
        v = *parsed;
      }
    }
    record(name, std::to_string(v), raw);
    return v;
  }

  /// A port the node binds on the instance: unprivileged, since it runs as `stacks`.
  std::uint16_t local_port(std::string_view name, std::uint16_t def) {
    auto raw = get(name);
    if (raw) {
      auto parsed = util::parse_uint(util::trim(raw->value));
      if (parsed && *parsed >= 1 && *parsed < kMinUnprivilegedPort) {
        record(name, raw->value, raw);
        error(name, shown(name, raw->value) +
                        " is a privileged port; the node runs as the unprivileged `stacks` user; "
                        "allowed: 1024–65535");
        return def;
      }
    }
    return static_cast<std::uint16_t>(number(name, def, kMinUnprivilegedPort, 65535));
  }

  /// A port of a remote service (Bitcoin): any valid port.
  std::uint16_t remote_port(std::string_view name, std::uint16_t def) {
    return static_cast<std::uint16_t>(number(name, def, 1, 65535));
  }

  bool boolean(std::string_view name, bool def) {
    auto raw = get(name);
    bool v = def;
    if (raw) {
      std::string lower = util::to_lower(util::trim(raw->value));
      if (lower == "true") {
        v = true;
      } else if (lower == "false") {
        v = false;
      } else {
        error(name, shown(name, raw->value) + " is not a boolean; allowed: true, false");
      }
    }
    record(name, v ? "true" : "false", raw);
    return v;
  }

  template <typename E, typename Parse>
  E choice(std::string_view name, E def, Parse parse, const std::vector<std::string>& names) {
    auto raw = get(name);
    E v = def;
    if (raw) {
      if (auto parsed = parse(raw->value)) {
        v = *parsed;
      } else {
        std::string msg = shown(name, raw->value) + " is not valid; " + allowed(names);
        if (auto close = util::closest_match(raw->value, names)) {
          msg += " (did you mean " + *close + "?)";
        }
        error(name, msg);
      }
    }
    record(name, std::string(to_string(v)), raw);
    return v;
  }

  const DotenvFile& file() const { return file_; }
  const util::Environment& env() const { return env_; }

 private:
  const DotenvFile& file_;
  const util::Environment& env_;
  Config& config_;
  Diagnostics& diags_;
};

void read_aws(Reader& in, Config& c) {
  auto account = in.get("AWS_ACCOUNT_ID");
  const std::string hint =
      "put your 12-digit AWS account id there (aws sts get-caller-identity --query Account "
      "--output text)";
  c.account_id = in.text("AWS_ACCOUNT_ID", "");
  if (!account) {
    in.error("AWS_ACCOUNT_ID", "is not set; " + hint);
  } else {
    std::string v(util::trim(account->value));
    bool placeholder = !v.empty() && std::all_of(v.begin(), v.end(),
                                                 [](char ch) { return ch == 'x' || ch == 'X'; });
    if (placeholder) {
      in.error("AWS_ACCOUNT_ID", quote_value(v) + " is the sample's placeholder; " + hint);
    } else if (v.size() != 12 || !util::parse_uint(v)) {
      in.error("AWS_ACCOUNT_ID", quote_value(v) + " is not an AWS account id (12 digits); " + hint);
    }
  }

  c.region = in.text("AWS_REGION", "us-east-2");
  if (!is_known_region(c.region)) {
    std::string msg = quote_value(c.region) + " is not an AWS region";
    if (auto close = util::closest_match(c.region, known_regions())) {
      msg += " (did you mean " + *close + "?)";
    }
    in.error("AWS_REGION", msg + "; allowed: a region such as us-east-1, us-west-2, eu-west-1");
  }
}

Network read_network(Reader& in) {
  if (auto raw = in.get("STACKS_NETWORK")) {
    std::string lower = util::to_lower(util::trim(raw->value));
    if (lower == "xenon") {
      in.error("STACKS_NETWORK",
               "\"xenon\" (the old Bitcoin-testnet-based Stacks testnet) is retired; today's "
               "testnet runs in krypton mode: use STACKS_NETWORK=testnet");
      in.text("STACKS_NETWORK", "mainnet");
      return Network::mainnet;
    }
    if (lower == "helium" || lower == "mocknet") {
      in.error("STACKS_NETWORK", quote_value(raw->value) +
                                     " is a local development mode (no public peers), not a "
                                     "network to deploy on AWS; " +
                                     allowed(node::network_names()));
      in.text("STACKS_NETWORK", "mainnet");
      return Network::mainnet;
    }
  }
  return in.choice("STACKS_NETWORK", Network::mainnet, node::parse_network, node::network_names());
}

void read_instance(Reader& in, Config& c) {
  const std::string def_type = c.role == Role::follower ? "m5.large" : "m6i.xlarge";
  c.instance_type = util::to_lower(util::trim(in.text("STACKS_INSTANCE_TYPE", def_type)));
  c.cpu_type =
      in.choice("STACKS_CPU_TYPE", CpuType::x86_64, node::parse_cpu_type, node::cpu_type_names());

  auto info = lookup_instance_type(c.instance_type);
  if (!info) {
    std::string msg = quote_value(c.instance_type) + " is not an EC2 instance type snr knows";
    if (auto close = util::closest_match(c.instance_type, known_instance_types())) {
      msg += " (did you mean " + *close + "?)";
    }
    in.error("STACKS_INSTANCE_TYPE",
             msg + "; allowed: a Nitro-based type such as m5.large, m6i.xlarge, m7g.xlarge");
    return;
  }
  if (!info->nitro) {
    in.error("STACKS_INSTANCE_TYPE",
             quote_value(c.instance_type) +
                 " is a Xen-based previous-generation type; snr needs a Nitro-based type (its "
                 "EBS volumes are NVMe devices), e.g. m6i.xlarge or m7g.xlarge");
  }
  if (info->cpu_type != c.cpu_type) {
    const bool graviton = info->cpu_type == CpuType::arm64;
    in.error("STACKS_CPU_TYPE",
             quote_value(to_string(c.cpu_type)) + " does not match STACKS_INSTANCE_TYPE=" +
                 c.instance_type + ", which is " + std::string(to_string(info->cpu_type)) +
                 (graviton ? " (Graviton families need ARM_64)" : "") +
                 "; set STACKS_CPU_TYPE=" + std::string(to_string(info->cpu_type)) + " or choose " +
                 (c.cpu_type == CpuType::arm64 ? "a Graviton (ARM_64) instance type, e.g. m7g.large"
                                               : "an x86_64 instance type, e.g. m6i.large"));
  }
  if (info->memory_gib < 8) {
    in.warning("STACKS_INSTANCE_TYPE", c.instance_type + " has about " +
                                           std::to_string(static_cast<int>(info->memory_gib)) +
                                           " GiB of memory; a Stacks node needs at least 8 GiB");
  }
}

void read_version(Reader& in, Config& c, const node::NetworkParams& net) {
  c.stacks_version = std::string(util::trim(in.text("STACKS_VERSION", "latest")));
  bool allow_rc = in.boolean("STACKS_ALLOW_RELEASE_CANDIDATE", false);
  if (c.stacks_version == "latest") return;
  auto v = parse_release_tag(c.stacks_version);
  if (!v) {
    std::string msg = quote_value(c.stacks_version) + " is not a release tag";
    if (!c.stacks_version.empty() && (c.stacks_version[0] == 'v' || c.stacks_version[0] == 'V') &&
        parse_release_tag(c.stacks_version.substr(1))) {
      msg += " (stacks-core tags have no \"v\": use " + c.stacks_version.substr(1) + ")";
    }
    in.error("STACKS_VERSION", msg + "; allowed: an exact stacks-core release tag such as " +
                                   std::string(node::kTestedStacksVersion) + ", or latest");
    return;
  }
  if (v->release_candidate() && c.network == node::Network::mainnet && !allow_rc) {
    in.error("STACKS_VERSION", quote_value(c.stacks_version) +
                                   " is a release candidate, which mainnet runs only when asked "
                                   "for; allowed: a release such as " +
                                   std::string(node::kTestedStacksVersion) +
                                   ", or set STACKS_ALLOW_RELEASE_CANDIDATE=true");
  }
  auto floor = parse_release_tag(net.min_stacks_version);
  if (floor && *v < *floor) {
    in.error("STACKS_VERSION",
             quote_value(c.stacks_version) + " is too old for " +
                 std::string(to_string(c.network)) + ": " + std::string(net.min_version_reason) +
                 "; allowed: " + std::string(net.min_stacks_version) + " or newer, or latest");
  }
}

void check_bootstrap_node(Reader& in, const std::string& entry) {
  auto at = entry.find('@');
  auto colon = entry.rfind(':');
  const std::string shape = "expected PUBKEY@HOST:PORT with a 66-hex-digit compressed public key";
  if (at == std::string::npos || colon == std::string::npos || colon < at) {
    in.error("STACKS_BOOTSTRAP_NODE", quote_value(entry) + " is malformed; " + shape);
    return;
  }
  std::string key = entry.substr(0, at);
  std::string host = entry.substr(at + 1, colon - at - 1);
  auto port = util::parse_uint(std::string_view(entry).substr(colon + 1));
  if (!util::is_hex(key, 66) || (key.substr(0, 2) != "02" && key.substr(0, 2) != "03")) {
    in.error("STACKS_BOOTSTRAP_NODE",
             quote_value(entry) +
                 " has a public key that is not compressed (66 hex digits starting "
                 "02 or 03); " +
                 shape);
  }
  if (!is_valid_host(host)) {
    in.error("STACKS_BOOTSTRAP_NODE", quote_value(entry) + " has an invalid host; " + shape);
  }
  if (!port || *port < 1 || *port > 65535) {
    in.error("STACKS_BOOTSTRAP_NODE", quote_value(entry) + " has an invalid port; " + shape);
  }
}

void read_chain(Reader& in, Config& c, const node::NetworkParams& net) {
  if (in.boolean("STACKS_BUILD_FROM_SOURCE", false)) {
    in.warning("STACKS_BUILD_FROM_SOURCE",
               "is ignored: snr installs the official release binaries and verifies them "
               "against the release's CHECKSUMS.txt");
  }
  c.download_chainstate =
      in.boolean("STACKS_DOWNLOAD_CHAINSTATE", net.download_chainstate_by_default);

  std::string seeds = in.text("STACKS_BOOTSTRAP_NODE", net.bootstrap_node);
  for (const auto& part : util::split(seeds, ',')) {
    std::string entry(util::trim(part));
    if (entry.empty()) continue;
    check_bootstrap_node(in, entry);
    c.bootstrap_nodes.push_back(entry);
  }

  c.chainstate_archive_url =
      std::string(util::trim(in.text("STACKS_CHAINSTATE_ARCHIVE", net.chainstate_archive_url)));
  if (!net::is_http_url(c.chainstate_archive_url)) {
    in.error(
        "STACKS_CHAINSTATE_ARCHIVE",
        quote_value(c.chainstate_archive_url) +
            " is not a plain http(s) URL; allowed: an http(s) URL with a host, no user info, no "
            "#fragment, other characters %-encoded, e.g. " +
            std::string(net.chainstate_archive_url));
  } else if (c.chainstate_archive_url.rfind("http://", 0) == 0) {
    in.warning(
        "STACKS_CHAINSTATE_ARCHIVE",
        "is plain http; prefer https (the archive is verified against its SHA-256 either way)");
  }
  c.chainstate_sha256 = util::to_lower(util::trim(in.text("STACKS_CHAINSTATE_SHA256", "")));
  if (!c.chainstate_sha256.empty() && !util::is_hex(c.chainstate_sha256, 64)) {
    in.error("STACKS_CHAINSTATE_SHA256",
             quote_value(c.chainstate_sha256) + " is not a SHA-256; allowed: 64 hex digits");
  }
}

void read_ports(Reader& in, Config& c) {
  Ports& p = c.ports;
  p.p2p = in.local_port("STACKS_P2P_PORT", 20444);
  p.rpc = in.local_port("STACKS_RPC_PORT", 20443);
  p.rpc_public = in.boolean("STACKS_RPC_PUBLIC", false);
  p.node_metrics = in.local_port("STACKS_NODE_METRICS_PORT", 9153);
  p.signer_metrics = in.local_port("STACKS_SIGNER_METRICS_PORT", 9154);
  p.signer_events = in.local_port("STACKS_SIGNER_EVENT_PORT", 30000);
  p.health = in.local_port("STACKS_HEALTH_PORT", kDefaultHealthPort);

  // Every port the instance binds must differ from the others.
  std::vector<std::pair<std::string_view, std::uint16_t>> used = {
      {"STACKS_P2P_PORT", p.p2p},
      {"STACKS_RPC_PORT", p.rpc},
      {"STACKS_NODE_METRICS_PORT", p.node_metrics},
      {"STACKS_HEALTH_PORT", p.health},
  };
  if (c.needs_signer_wiring()) used.emplace_back("STACKS_SIGNER_EVENT_PORT", p.signer_events);
  if (c.needs_signer_wiring()) {
    used.emplace_back("STACKS_SIGNER_METRICS_PORT", p.signer_metrics);
  }
  for (std::size_t i = 0; i < used.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (used[i].second == used[j].second) {
        in.error(used[i].first, std::to_string(used[i].second) + " is already used by " +
                                    std::string(used[j].first) +
                                    "; allowed: a port no other snr port uses");
      }
    }
  }
}

void read_bitcoin(Reader& in, Config& c, const node::NetworkParams& net) {
  Bitcoin& b = c.bitcoin;
  b.peer_host = std::string(util::trim(in.text("BITCOIN_PEER_HOST", net.bitcoin_peer_host)));
  if (!is_valid_host(b.peer_host)) {
    in.error("BITCOIN_PEER_HOST", quote_value(b.peer_host) +
                                      " is not a host name or IP address; allowed: e.g. " +
                                      std::string(net.bitcoin_peer_host));
  }
  b.rpc_username = in.text("BITCOIN_RPC_USERNAME", net.bitcoin_rpc_username);
  if (in.is_set("BITCOIN_RPC_USERNAME")) {
    // HTTP basic auth splits "user:password" at the first colon; blanks are a typo.
    bool ok = !b.rpc_username.empty() &&
              std::none_of(b.rpc_username.begin(), b.rpc_username.end(), [](char ch) {
                return ch == ':' || std::isspace(static_cast<unsigned char>(ch));
              });
    if (!ok) {
      in.error("BITCOIN_RPC_USERNAME",
               quote_value(b.rpc_username) +
                   " cannot be sent as an HTTP basic-auth user; allowed: a user name without "
                   "spaces or \":\"");
    }
  }
  b.rpc_password = Secret(in.text("BITCOIN_RPC_PASSWORD", net.bitcoin_rpc_password));
  b.rpc_port = in.remote_port("BITCOIN_RPC_PORT", net.bitcoin_rpc_port);
  b.p2p_port = in.remote_port("BITCOIN_P2P_PORT", net.bitcoin_p2p_port);
  if (b.rpc_port == b.p2p_port) {
    in.error("BITCOIN_P2P_PORT", std::to_string(b.p2p_port) +
                                     " equals BITCOIN_RPC_PORT; bitcoind serves RPC and P2P on "
                                     "different ports (mainnet 8332 and 8333)");
  }
  b.rpc_password_secret_arn =
      std::string(util::trim(in.text("BITCOIN_RPC_PASSWORD_SECRET_ARN", "")));
  if (!b.rpc_password_secret_arn.empty()) {
    std::string problem = check_secret_arn(b.rpc_password_secret_arn, c.region, c.account_id);
    if (!problem.empty()) {
      in.error("BITCOIN_RPC_PASSWORD_SECRET_ARN",
               quote_value(b.rpc_password_secret_arn) + " " + problem);
    }
    if (in.is_set("BITCOIN_RPC_PASSWORD")) {
      in.error("BITCOIN_RPC_PASSWORD",
               "is set together with BITCOIN_RPC_PASSWORD_SECRET_ARN; set only one of them");
    }
  }

  b.wallet_name = std::string(util::trim(in.text("BITCOIN_WALLET_NAME", "")));
  b.burn_fee_cap = in.number("BITCOIN_BURN_FEE_CAP", 20000, 1, 100'000'000, "sats");
  b.satoshis_per_byte = in.number("BITCOIN_SATOSHIS_PER_BYTE", 25, 1, 10'000, "sat/vB");
  b.rbf_fee_increment = in.number("BITCOIN_RBF_FEE_INCREMENT", 5, 1, 10'000, "sat/vB");
  b.max_rbf = in.number("BITCOIN_MAX_RBF", 150, 100, 10'000, "percent");
}

void read_miner(Reader& in, Config& c) {
  c.miner.segwit = in.boolean("STACKS_MINER_SEGWIT", false);
  std::string recipient(util::trim(in.text("STACKS_MINER_REWARD_RECIPIENT", "")));
  c.miner.block_reward_recipient = recipient;
  if (recipient.empty()) return;
  // A standard principal, or a contract principal ADDRESS.contract-name.
  std::string address = recipient.substr(0, recipient.find('.'));
  auto parsed = node::parse_stacks_address(address);
  const std::string allowed_text =
      std::string("allowed: a ") +
      (c.network == Network::mainnet ? "mainnet (SP…/SM…)" : "testnet (ST…/SN…)") +
      " Stacks address, optionally .contract-name";
  if (auto* err = std::get_if<node::AddressError>(&parsed)) {
    in.error(
        "STACKS_MINER_REWARD_RECIPIENT",
        quote_value(recipient) + " is not a Stacks address: " + err->message + "; " + allowed_text);
    return;
  }
  auto net = std::get<node::StacksAddress>(parsed).network();
  const bool mainnet = c.network == Network::mainnet;
  if (!net || (*net == node::Network::mainnet) != mainnet) {
    in.error("STACKS_MINER_REWARD_RECIPIENT", quote_value(recipient) + " is not a " +
                                                  std::string(to_string(c.network)) + " address; " +
                                                  allowed_text);
  }
}

void read_keys(Reader& in, Config& c) {
  auto arn = [&](std::string_view name) {
    std::string v(util::trim(in.text(name, "none")));
    if (util::to_lower(v) == "none") return std::string();
    std::string problem = check_secret_arn(v, c.region, c.account_id);
    if (!problem.empty()) in.error(name, quote_value(v) + " " + problem + "; or none");
    return v;
  };
  c.signer_secret_arn = arn("STACKS_SIGNER_SECRET_ARN");
  c.miner_secret_arn = arn("STACKS_MINER_SECRET_ARN");
}

void read_volume(Reader& in, Config& c, const node::NetworkParams& net) {
  DataVolume& v = c.data_volume;
  if (auto raw = in.get("STACKS_DATA_VOL_TYPE");
      raw && util::to_lower(util::trim(raw->value)) == "instance-store") {
    in.error("STACKS_DATA_VOL_TYPE",
             "\"instance-store\" is not supported: the chainstate must survive an instance stop; " +
                 allowed(node::volume_type_names()));
    in.text("STACKS_DATA_VOL_TYPE", "gp3");
  } else {
    v.type = in.choice("STACKS_DATA_VOL_TYPE", VolumeType::gp3, node::parse_volume_type,
                       node::volume_type_names());
  }

  const std::uint64_t max_size = v.type == VolumeType::io2 ? 65536 : 16384;
  const std::uint64_t min_size = (v.type == VolumeType::io1 || v.type == VolumeType::io2) ? 4 : 1;
  v.size_gib = static_cast<std::uint32_t>(
      in.number("STACKS_DATA_VOL_SIZE", net.default_volume_gib, min_size, max_size, "GiB"));
  if (v.size_gib < net.recommended_min_volume_gib) {
    in.warning("STACKS_DATA_VOL_SIZE",
               std::to_string(v.size_gib) + " GiB is below the recommended minimum of " +
                   std::to_string(net.recommended_min_volume_gib) + " GiB for " +
                   std::string(to_string(c.network)) + " (default " +
                   std::to_string(net.default_volume_gib) + " GiB); the chainstate will fill it");
  }

  switch (v.type) {
    case VolumeType::gp3: {
      v.iops = static_cast<std::uint32_t>(
          in.number("STACKS_DATA_VOL_IOPS", 12000, 3000, 16000, "IOPS for gp3"));
      v.throughput_mibps = static_cast<std::uint32_t>(
          in.number("STACKS_DATA_VOL_THROUGHPUT", 700, 125, 1000, "MiB/s for gp3"));
      if (v.throughput_mibps * 4ULL > v.iops) {
        in.error("STACKS_DATA_VOL_THROUGHPUT", std::to_string(v.throughput_mibps) +
                                                   " MiB/s needs at least " +
                                                   std::to_string(v.throughput_mibps * 4) +
                                                   " IOPS (gp3 allows 0.25 MiB/s per "
                                                   "IOPS) but STACKS_DATA_VOL_IOPS is " +
                                                   std::to_string(v.iops));
      }
      if (v.iops > 500ULL * v.size_gib) {
        in.error("STACKS_DATA_VOL_IOPS", std::to_string(v.iops) +
                                             " IOPS exceeds gp3's 500 IOPS "
                                             "per GiB for " +
                                             std::to_string(v.size_gib) + " GiB");
      }
      break;
    }
    case VolumeType::io1:
    case VolumeType::io2: {
      const bool io2 = v.type == VolumeType::io2;
      const std::uint64_t max_iops = io2 ? 256000 : 64000;
      const std::uint64_t ratio = io2 ? 1000 : 50;
      v.iops = static_cast<std::uint32_t>(in.number("STACKS_DATA_VOL_IOPS", 12000, 100, max_iops,
                                                    io2 ? "IOPS for io2" : "IOPS for io1"));
      if (v.iops > ratio * v.size_gib) {
        in.error("STACKS_DATA_VOL_IOPS", std::to_string(v.iops) + " IOPS exceeds " +
                                             std::string(to_string(v.type)) + "'s " +
                                             std::to_string(ratio) + " IOPS per GiB for " +
                                             std::to_string(v.size_gib) + " GiB");
      }
      if (in.is_set("STACKS_DATA_VOL_THROUGHPUT")) {
        in.warning("STACKS_DATA_VOL_THROUGHPUT",
                   "is ignored: only gp3 volumes take a throughput setting");
      }
      in.text("STACKS_DATA_VOL_THROUGHPUT", "");
      break;
    }
    case VolumeType::gp2: {
      for (std::string_view name : {"STACKS_DATA_VOL_IOPS", "STACKS_DATA_VOL_THROUGHPUT"}) {
        if (in.is_set(name)) {
          in.warning(name, "is ignored: gp2 performance follows the volume size");
        }
        in.text(name, "");
      }
      break;
    }
  }
}

/// STACKS_HA_ALB_CERTIFICATE_ARN: arn:<partition>:acm:<region>:<account>:certificate/<id>,
/// in the deployment's partition and region.
void read_alb_certificate(Reader& in, Config& c) {
  const std::string arn(util::trim(in.text("STACKS_HA_ALB_CERTIFICATE_ARN", "")));
  c.ha.alb_certificate_arn = arn;
  if (arn.empty()) return;
  static const std::regex kArn(
      R"(^arn:(aws(?:-[a-z]+)*):acm:([a-z0-9-]+):([0-9]{12}):certificate/([A-Za-z0-9-]+)$)");
  std::smatch m;
  if (!std::regex_match(arn, m, kArn)) {
    in.error("STACKS_HA_ALB_CERTIFICATE_ARN",
             quote_value(arn) +
                 " is not an ACM certificate ARN; allowed: "
                 "arn:aws:acm:<region>:<12-digit account>:certificate/<id> (aws-cn, aws-us-gov "
                 "in those partitions)");
    return;
  }
  if (!c.region.empty() && m[2].str() != c.region) {
    in.error("STACKS_HA_ALB_CERTIFICATE_ARN",
             "the certificate is in " + m[2].str() + " but AWS_REGION is " + c.region +
                 ": ACM certificates are regional and a load balancer can only use one from "
                 "its own region; request or import the certificate in " +
                 c.region);
  } else if (!c.region.empty() && m[1].str() != partition_of(c.region)) {
    in.error("STACKS_HA_ALB_CERTIFICATE_ARN", "the ARN's partition " + m[1].str() +
                                                  " is not " + std::string(partition_of(c.region)) +
                                                  ", the partition of AWS_REGION " + c.region);
  }
}

void read_ha(Reader& in, Config& c) {
  c.ha.health_check_grace_period_min = static_cast<std::uint32_t>(
      in.number("STACKS_HA_ALB_HEALTHCHECK_GRACE_PERIOD_MIN", 10, 0, 1440, "minutes"));
  // Auto Scaling lifecycle hooks allow a heartbeat timeout of 30 s to 2 h.
  c.ha.heartbeat_delay_min = static_cast<std::uint32_t>(
      in.number("STACKS_HA_NODES_HEARTBEAT_DELAY_MIN", 100, 1, 120, "minutes"));
  c.ha.number_of_nodes =
      static_cast<std::uint32_t>(in.number("STACKS_HA_NUMBER_OF_NODES", 2, 1, 50, "nodes"));
  if (c.ha.number_of_nodes == 1 && in.is_set("STACKS_HA_NUMBER_OF_NODES")) {
    in.warning("STACKS_HA_NUMBER_OF_NODES",
               "1 node behind a load balancer is not highly available");
  }
  read_alb_certificate(in, c);
}

void read_monitoring(Reader& in, Config& c) {
  Monitoring& m = c.monitoring;
  m.alarm_email = std::string(util::trim(in.text("STACKS_ALARM_EMAIL", "")));
  if (!m.alarm_email.empty() && !is_valid_email(m.alarm_email)) {
    in.error("STACKS_ALARM_EMAIL", quote_value(m.alarm_email) + " is not an e-mail address");
  }
  m.log_retention_days =
      static_cast<std::uint32_t>(in.number("STACKS_LOG_RETENTION_DAYS", 30, 7, 3653, "days"));
  if (std::find(kLogRetentionDays.begin(), kLogRetentionDays.end(), m.log_retention_days) ==
      kLogRetentionDays.end()) {
    std::vector<std::string> days;
    days.reserve(kLogRetentionDays.size());
    for (auto d : kLogRetentionDays)
      days.push_back(std::to_string(d));
    in.error("STACKS_LOG_RETENTION_DAYS", std::to_string(m.log_retention_days) +
                                              " is not a CloudWatch Logs retention; " +
                                              allowed(days));
  }
  m.health_max_blocks_behind = static_cast<std::uint32_t>(
      in.number("STACKS_HEALTH_MAX_BLOCKS_BEHIND", 10, 1, 100000, "blocks"));
  m.health_max_tip_age_min = static_cast<std::uint32_t>(
      in.number("STACKS_HEALTH_MAX_TIP_AGE_MIN", 60, 5, 1440, "minutes"));
}

void read_snapshots(Reader& in, Config& c) {
  c.snapshots.retain =
      static_cast<std::uint32_t>(in.number("STACKS_SNAPSHOT_RETAIN", 3, 1, 100, "snapshots"));
}

/// Rules that tie the role to other variables.
void check_role(Reader& in, const Config& c) {
  const Bitcoin& b = c.bitcoin;
  if (c.is_miner()) {
    const std::string why =
        "a miner sends block commits through its own bitcoind, which must hold a funded wallet";
    auto host_is_public = [&] {
      const auto& hosts = node::public_bitcoin_hosts();
      return std::find(hosts.begin(), hosts.end(), util::to_lower(b.peer_host)) != hosts.end();
    };
    if (!in.is_set("BITCOIN_PEER_HOST")) {
      in.error("BITCOIN_PEER_HOST",
               "is not set; " + why + ": set it to your Bitcoin node (see README, \"Miner\")");
    } else if (host_is_public()) {
      in.error("BITCOIN_PEER_HOST", quote_value(b.peer_host) + " is a public Bitcoin node; " + why +
                                        ": set it to your own Bitcoin node");
    }
    if (!in.is_set("BITCOIN_RPC_USERNAME")) {
      in.error("BITCOIN_RPC_USERNAME", "is not set; a miner needs your bitcoind's RPC user");
    }
    if (!in.is_set("BITCOIN_RPC_PASSWORD") && b.rpc_password_secret_arn.empty()) {
      in.error("BITCOIN_RPC_PASSWORD",
               "is not set; a miner needs your bitcoind's RPC password (or name a secret with "
               "BITCOIN_RPC_PASSWORD_SECRET_ARN)");
    }
    if (b.wallet_name.empty()) {
      in.error("BITCOIN_WALLET_NAME",
               "is not set; a miner needs the name of the wallet loaded in your bitcoind");
    }
  }
  if (!b.wallet_name.empty()) {
    bool ok = b.wallet_name.size() <= 64 &&
              std::all_of(b.wallet_name.begin(), b.wallet_name.end(), [](char ch) {
                return std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '_' ||
                       ch == '-' || ch == '/';
              });
    if (!ok) {
      in.error("BITCOIN_WALLET_NAME",
               quote_value(b.wallet_name) +
                   " is not a wallet name stacks-node accepts; allowed: ASCII letters, digits and "
                   ". _ - /");
    }
    // stacks-core's validate_wallet_name_is_path_safe: no way out of bitcoind's wallet dir.
    if (ok && b.wallet_name.find("..") != std::string::npos) {
      in.error("BITCOIN_WALLET_NAME", quote_value(b.wallet_name) +
                                          " contains \"..\", which stacks-node refuses; allowed: "
                                          "ASCII letters, digits and . _ - / without \"..\"");
    }
    if (!c.is_miner()) in.warning("BITCOIN_WALLET_NAME", "is only used by miners; ignored");
  }
  if (!c.needs_signer_wiring() && !c.signer_secret_arn.empty()) {
    in.warning("STACKS_SIGNER_SECRET_ARN",
               "is only used by signers and miners (which run stacks-signer too); ignored");
  }
  if (!c.is_miner() && (c.miner.segwit || !c.miner.block_reward_recipient.empty())) {
    in.warning(c.miner.segwit ? "STACKS_MINER_SEGWIT" : "STACKS_MINER_REWARD_RECIPIENT",
               "is only used by miners; ignored");
  }
  if (!c.is_miner() && !c.miner_secret_arn.empty()) {
    in.warning("STACKS_MINER_SECRET_ARN", "is only used by miners; ignored");
  }
}

/// Unknown STACKS_*/BITCOIN_* variables are most likely typos.
void check_unknown(Reader& in, Diagnostics& d) {
  std::vector<std::string> names;
  for (const auto& v : known_variables())
    names.emplace_back(v.name);
  auto check = [&](const std::string& key, const std::string& origin) {
    bool ours = key.rfind("STACKS_", 0) == 0 || key.rfind("BITCOIN_", 0) == 0;
    if (std::string upper = util::to_upper(key); upper != key && find_variable(upper)) {
      // Ignoring "stacks_network=testnet" would quietly deploy mainnet.
      d.error(key + " (" + origin + ")", "is " + upper +
                                             " in the wrong case; names are case-sensitive; "
                                             "allowed: " +
                                             upper);
      return;
    }
    if (key == "DEBUG_KEY_NAME") {
      d.warning(key + " (" + origin + ")",
                "is ignored: snr opens no SSH port; connect with SSM Session Manager "
                "(aws ssm start-session --target <instance-id>)");
      return;
    }
    if (!ours || find_variable(key)) return;
    std::string msg = "is not a variable snr knows; ignored";
    if (auto close = util::closest_match(key, names)) msg += " (did you mean " + *close + "?)";
    d.warning(key + " (" + origin + ")", msg);
  };
  std::set<std::string> seen;
  for (const auto& e : in.file().entries) {
    std::string origin = in.file().path + ":" + std::to_string(e.line);
    if (!seen.insert(e.key).second) {
      d.warning(e.key + " (" + origin + ")",
                "is set more than once in " + in.file().path + "; the last one counts");
      continue;
    }
    check(e.key, origin);
  }
  for (const auto& [key, value] : in.env()) {
    // The environment holds much more than our variables; only report likely typos of ours.
    if (seen.count(key) || find_variable(key)) continue;
    if (key.rfind("STACKS_", 0) == 0 || key.rfind("BITCOIN_", 0) == 0) {
      if (util::closest_match(key, names)) check(key, "environment");
    }
  }
}

}  // namespace

std::string_view to_string(Source s) {
  switch (s) {
    case Source::default_value:
      return "default";
    case Source::file:
      return "file";
    case Source::environment:
      return "environment";
  }
  return "?";
}

LoadResult load(const DotenvFile& file, const util::Environment& env) {
  LoadResult result;
  Config& c = result.config;
  Reader in(file, env, c, result.diagnostics);
  in.screen_text();
  in.end_screen();

  // Role and network first: the other defaults depend on them.
  c.role =
      in.choice("STACKS_NODE_CONFIGURATION", Role::follower, node::parse_role, node::role_names());
  c.network = read_network(in);
  const node::NetworkParams& net = node::network_params(c.network);

  read_aws(in, c);
  read_instance(in, c);
  read_version(in, c, net);
  read_chain(in, c, net);
  read_ports(in, c);
  read_bitcoin(in, c, net);
  read_miner(in, c);
  read_keys(in, c);
  read_volume(in, c, net);
  read_ha(in, c);
  read_monitoring(in, c);
  read_snapshots(in, c);
  check_role(in, c);
  check_unknown(in, result.diagnostics);
  return result;
}

LoadResult load_file(const std::optional<std::filesystem::path>& path,
                     const util::Environment& env) {
  Diagnostics file_diags;
  DotenvFile file{".env", {}};
  if (path) {
    file = read_dotenv(*path, file_diags);
  } else if (std::error_code ec; std::filesystem::exists(".env", ec)) {
    file = read_dotenv(".env", file_diags);
  }
  LoadResult result = load(file, env);
  file_diags.append(result.diagnostics);
  result.diagnostics = std::move(file_diags);
  return result;
}

Config load_or_throw(const std::optional<std::filesystem::path>& path, const util::Environment& env,
                     std::vector<Diagnostic>& warnings) {
  LoadResult r = load_file(path, env);
  if (r.diagnostics.has_errors()) {
    // Errors first, then the warnings that may explain them.
    std::vector<Diagnostic> all = r.diagnostics.errors();
    for (auto& w : r.diagnostics.warnings())
      all.push_back(std::move(w));
    throw UserError(std::move(all));
  }
  warnings = r.diagnostics.warnings();
  return std::move(r.config);
}

Diagnostics validate_for_ha(const Config& config) {
  Diagnostics d;
  if (config.role != Role::follower) {
    d.error("STACKS_NODE_CONFIGURATION",
            quote_value(to_string(config.role)) +
                " cannot be deployed as stacks-ha-nodes: HA nodes are interchangeable followers "
                "behind a load balancer, while a " +
                std::string(to_string(config.role)) +
                " has one identity (key) that must never run twice; deploy stacks-single-node");
  }
  return d;
}

}  // namespace snr::config
