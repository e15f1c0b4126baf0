/// libFuzzer target: arbitrary bytes as a .env file through the dotenv parser,
/// the loader/validator, JSON round trip and node config rendering.
/// Invariants checked (abort = finding):
///  - nothing crashes or trips a sanitizer;
///  - a secret value never appears in a diagnostic;
///  - a config without errors round-trips through JSON and renders to TOML
///    that toml++ parses back.

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "config/dotenv.h"
#include "config/json.h"
#include "config/load.h"
#include "render/node_config.h"

namespace {

constexpr std::string_view kSecretMarker = "fuzz-secret-value-7f3a";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace snr;
  std::string text(reinterpret_cast<const char*>(data), size);
  // Always carry a recognisable secret so leaks into messages are detectable.
  text += "\nBITCOIN_RPC_PASSWORD=" + std::string(kSecretMarker) + "\n";

  Diagnostics parse_diags;
  config::DotenvFile file = config::parse_dotenv(text, ".env", parse_diags);
  config::LoadResult r = config::load(file, {});
  // Unless the input itself holds the marker elsewhere, no message may show it.
  const bool marker_in_input =
      std::string_view(reinterpret_cast<const char*>(data), size).find(kSecretMarker) !=
      std::string_view::npos;
  std::vector<Diagnostic> all = parse_diags.items();
  all.insert(all.end(), r.diagnostics.items().begin(), r.diagnostics.items().end());
  for (const auto& d : all) {
    if (!marker_in_input && d.to_string().find(kSecretMarker) != std::string::npos) std::abort();
  }
  if (r.diagnostics.has_errors() || parse_diags.has_errors()) return 0;

  config::Config back = config::config_from_json(config::to_json(r.config));
  if (config::to_json(back) != config::to_json(r.config)) std::abort();

  node::StaticSecrets secrets;
  secrets.set(node::SecretKind::bitcoin_rpc_password, std::string(kSecretMarker));
  secrets.set(node::SecretKind::auth_token, "t");
  secrets.set(node::SecretKind::miner_seed, "00");
  secrets.set(node::SecretKind::signer_private_key, "00");
  std::string toml_text = render::to_toml(render::node_config(r.config, secrets), "fuzz", r.config);
  toml::parse_result parsed = toml::parse(toml_text);
  (void)parsed;  // throws (and aborts the run) if the rendering is not valid TOML
  return 0;
}
