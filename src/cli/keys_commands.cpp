// `snr keys generate` and `snr keys show`: Stacks signer/miner keys.
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "agent/secret_key_store.h"
#include "cli/aws_options.h"
#include "cli/command.h"
#include "node/keys.h"
#include "node/keys_bitcoin.h"
#include "node/keys_store.h"
#include "util/error.h"

namespace snr::cli {

namespace {

struct GenerateOptions {
  std::string network = "mainnet";
  std::string out_file;
  std::string secret;
  std::shared_ptr<AwsFlags> aws;
  bool show_private = false;
  bool json = false;
};

struct ShowOptions {
  std::string network = "mainnet";
  std::string file;
  std::string secret;
  std::shared_ptr<AwsFlags> aws;
  bool json = false;
  bool bitcoin = false;
};

// The seam for where keys live. A new place (e.g. `--secret NAME` for AWS
// Secrets Manager) is a node::KeyStore implementation, a flag, and one line in
// each of the two functions below.

node::Network network_flag(const std::string& value) {
  if (auto n = node::parse_stacks_network(value)) return *n;
  throw UserError("--network", "'" + value + "' is not a network; use mainnet or testnet");
}

/// Every store the new key goes to.
std::vector<std::unique_ptr<node::KeyStore>> key_destinations(const GenerateOptions& o, Io io) {
  std::vector<std::unique_ptr<node::KeyStore>> stores;
  if (!o.out_file.empty())
    stores.push_back(std::make_unique<node::KeyFileStore>(o.out_file, "--out"));
  if (!o.secret.empty()) {
    stores.push_back(std::make_unique<agent::SecretKeyStore>(make_aws_context(*o.aws, io), o.secret,
                                                             network_flag(o.network), "--secret"));
  }
  return stores;
}

/// The one store `keys show` reads.
std::unique_ptr<node::KeyStore> key_source(const ShowOptions& o, Io io) {
  if (!o.file.empty() && !o.secret.empty()) {
    throw UserError("--secret", "give either --file or --secret, not both");
  }
  if (!o.file.empty()) return std::make_unique<node::KeyFileStore>(o.file, "--file");
  if (!o.secret.empty()) {
    return std::make_unique<agent::SecretKeyStore>(make_aws_context(*o.aws, io), o.secret,
                                                   network_flag(o.network), "--secret");
  }
  throw UserError("--file",
                  "required: the key file to read (one line of 64 or 66 hex digits), "
                  "or --secret ARN");
}

void print_warnings(const Diagnostics& d, std::ostream& err) {
  for (const auto& w : d.items())
    err << w.to_string() << '\n';
}

/// Prints the public facts of `key`, and the key itself when `reveal` is set.
/// With `bitcoin`, also the two Bitcoin addresses a miner with this key spends
/// from (P2PKH for STACKS_MINER_SEGWIT=false, P2WPKH for true).
void print_key(const node::PrivateKey& key, node::Network network, bool json, bool reveal,
               std::ostream& out, bool bitcoin = false) {
  node::PublicKey pub = key.public_key();
  std::string address = pub.address(network).to_string();
  std::string secret = reveal ? key.reveal_hex() : std::string();
  const std::string p2pkh = bitcoin ? node::bitcoin_address(pub, network, false) : "";
  const std::string p2wpkh = bitcoin ? node::bitcoin_address(pub, network, true) : "";
  if (json) {
    nlohmann::json j{{"public_key", pub.hex()},
                     {"address", address},
                     {"network", std::string(node::to_string(network))}};
    if (bitcoin) j["bitcoin"] = {{"p2pkh", p2pkh}, {"p2wpkh", p2wpkh}};
    if (reveal) j["private_key"] = secret;
    std::string text = j.dump();
    out << text << '\n';
    if (reveal) {
      node::wipe(text);
      node::wipe(j["private_key"].get_ref<std::string&>());
    }
  } else {
    out << "public_key: " << pub.hex() << '\n' << "address: " << address << '\n';
    if (bitcoin) {
      out << "bitcoin_address: " << p2pkh << "  (miner with STACKS_MINER_SEGWIT=false)\n"
          << "bitcoin_address_segwit: " << p2wpkh << "  (miner with STACKS_MINER_SEGWIT=true)\n";
    }
    if (reveal) out << "private_key: " << secret << '\n';
  }
  node::wipe(secret);
}

void run_generate(const GenerateOptions& o, Io io) {
  node::Network network = network_flag(o.network);
  auto stores = key_destinations(o, io);
  if (stores.empty() && !o.show_private) {
    throw UserError("--out",
                    "required: the file to store the new private key in, or --secret NAME for "
                    "AWS Secrets Manager (or --show-private to print it); snr does not generate "
                    "a key that is stored nowhere");
  }
  Diagnostics problems;
  for (const auto& s : stores)
    s->check_can_store(problems);
  if (problems.has_errors()) throw UserError(problems.errors());

  node::PrivateKey key = node::PrivateKey::generate();
  for (const auto& s : stores) {
    s->store(key);
    Diagnostics ignored;  // warnings about a file we just created 0600 cannot apply
    if (!(s->load(ignored) == key)) {
      throw Failure("the key read back from " + s->describe() + " differs from the one written");
    }
    io.err << "wrote the private key to " << s->describe() << '\n';
  }
  print_key(key, network, o.json, o.show_private, io.out);
}

void run_show(const ShowOptions& o, Io io) {
  node::Network network = network_flag(o.network);
  auto source = key_source(o, io);
  Diagnostics warnings;
  node::PrivateKey key = source->load(warnings);
  print_warnings(warnings, io.err);
  print_key(key, network, o.json, /*reveal=*/false, io.out, o.bitcoin);
}

}  // namespace

void add_keys_commands(CLI::App& app, Io io) {
  CLI::App* keys = app.add_subcommand(
      "keys", "Stacks signer/miner private keys: generate one, show its address");
  keys->require_subcommand(1);

  auto gen_opts = std::make_shared<GenerateOptions>();
  CLI::App* gen = keys->add_subcommand(
      "generate",
      "Generate a secp256k1 private key; print its public key and Stacks address. The key goes "
      "to a new 0600 file (--out), or to stdout with --show-private");
  gen->add_option("--network", gen_opts->network, "Address network: mainnet (SP…) or testnet (ST…)")
      ->check(CLI::IsMember({"mainnet", "testnet"}))
      ->capture_default_str();
  gen->add_option("--out", gen_opts->out_file,
                  "New file for the private key (66 hex digits + newline, mode 0600); never "
                  "overwritten");
  gen->add_option("--secret", gen_opts->secret,
                  "Store the private key in a new AWS Secrets Manager secret of this name "
                  "(never overwritten; tagged with the public key and address)")
      ->type_name("NAME");
  gen_opts->aws = add_aws_options(gen);
  gen->add_flag("--show-private", gen_opts->show_private, "Also print the private key to stdout");
  gen->add_flag("--json", gen_opts->json, "Print JSON: public_key, address, network");
  gen->callback([gen_opts, io] { run_generate(*gen_opts, io); });

  auto show_opts = std::make_shared<ShowOptions>();
  CLI::App* show = keys->add_subcommand(
      "show", "Print the public key and Stacks address of an existing private key");
  show->add_option("--file", show_opts->file,
                   "Key file: one line of 64 hex digits, or 66 ending in 01");
  show->add_option("--secret", show_opts->secret,
                   "Secrets Manager secret holding the key (plain hex or {\"private_key\": ...})")
      ->type_name("ARN");
  show_opts->aws = add_aws_options(show);
  show->add_option("--network", show_opts->network,
                   "Address network: mainnet (SP…) or testnet (ST…)")
      ->check(CLI::IsMember({"mainnet", "testnet"}))
      ->capture_default_str();
  show->add_flag("--json", show_opts->json, "Print JSON: public_key, address, network");
  show->add_flag("--bitcoin", show_opts->bitcoin,
                 "Also print the Bitcoin addresses a miner with this key spends from (fund the "
                 "one matching STACKS_MINER_SEGWIT; testnet: regtest addresses)");
  show->callback([show_opts, io] { run_show(*show_opts, io); });
}

}  // namespace snr::cli
