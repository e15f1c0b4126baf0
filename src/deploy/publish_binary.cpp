#include "deploy/publish_binary.h"

#include <array>
#include <fstream>

#include "aws/s3.h"
#include "contract/names.h"
#include "util/error.h"
#include "util/sha256.h"

namespace snr::deploy {

std::string elf_machine(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::array<unsigned char, 20> h{};
  if (!in.read(reinterpret_cast<char*>(h.data()), h.size())) return "";
  if (h[0] != 0x7f || h[1] != 'E' || h[2] != 'L' || h[3] != 'F' || h[4] != 2 /* 64-bit */ ||
      h[5] != 1 /* little endian */) {
    return "";
  }
  unsigned machine = h[18] | (h[19] << 8);
  if (machine == 62) return "x86_64";
  if (machine == 183) return "aarch64";
  return "";
}

PublishedAsset publish_snr_binary(const aws::AwsContext& ctx, const std::string& bucket,
                                  const std::filesystem::path& binary, node::CpuType cpu) {
  const std::string want = cpu == node::CpuType::arm64 ? "aarch64" : "x86_64";
  const std::string have = elf_machine(binary);
  if (have != want) {
    throw UserError("--snr-binary",
                    binary.string() + " is " +
                        (have.empty() ? std::string("not a 64-bit Linux executable")
                                      : "an " + have + " executable") +
                        " but STACKS_CPU_TYPE=" + std::string(node::to_string(cpu)) +
                        " instances need an " + want +
                        " snr; build one (scripts/build-arm64.sh for ARM_64) and pass it with "
                        "--snr-binary FILE");
  }
  PublishedAsset a;
  a.bucket = bucket;
  a.sha256 = util::sha256_file_hex(binary);
  a.key = contract::asset_key(a.sha256, cpu);
  aws::S3Client s3(ctx);
  if (s3.head_object(bucket, a.key)) return a;
  s3.put_object_file(bucket, a.key, binary, "application/octet-stream");
  a.uploaded = true;
  return a;
}

}  // namespace snr::deploy
