#pragma once
/// Publishing the snr binary the instances run: uploaded to the common stack's
/// asset bucket under a content-hash key, skipped when already there.

#include <filesystem>
#include <string>

#include "aws/client.h"
#include "node/types.h"

namespace snr::deploy {

struct PublishedAsset {
  std::string bucket;
  std::string key;  ///< contract::asset_key()
  std::string sha256;
  bool uploaded = false;  ///< false: it was already there
};

/// The ELF machine of a file: "x86_64", "aarch64", or "" when not an ELF executable.
std::string elf_machine(const std::filesystem::path& file);

/// Checks that `binary` is an executable for `cpu`, then uploads it unless
/// the key exists. Throws snr::UserError for the wrong architecture.
PublishedAsset publish_snr_binary(const aws::AwsContext& ctx, const std::string& bucket,
                                  const std::filesystem::path& binary, node::CpuType cpu);

}  // namespace snr::deploy
