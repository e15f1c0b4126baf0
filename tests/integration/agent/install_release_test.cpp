// install_release on a host whose glibc is older than the glibc zip needs: the static
// linux-musl-* zip of the same CHECKSUMS.txt is installed instead (stacks-domain F4).

#include "agent/bootstrap/install_release.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include "agent/bootstrap/glibc_needs.h"
#include "support/archive_server.h"
#include "support/test_archive.h"
#include "util/hex.h"

namespace snr::agent {
namespace {
namespace install_test {

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string zip_sha512(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha512(), nullptr);
  return util::hex_encode(std::span<const std::uint8_t>(md, len));
}

class InstallRelease : public ::testing::Test {
 protected:
  test::TempDir tmp;
  test::ArchiveServer server;

  /// A zip holding `stacks-node` compiled from `source` with `flags` (empty: no compiler).
  std::string zip_of(const std::string& name, const std::string& source, const std::string& flags) {
    fs::path d = tmp / name;
    fs::create_directories(d);
    std::ofstream(d / "main.c") << source;
    std::string cc = "cc -O1 " + flags + " -o " + (d / "stacks-node").string() + " " +
                     (d / "main.c").string() + " 2>/dev/null";
    if (std::system(cc.c_str()) != 0) return "";
    std::string zip = "cd " + d.string() + " && zip -q out.zip stacks-node";
    if (std::system(zip.c_str()) != 0) return "";
    return read_bytes(d / "out.zip");
  }
};

TEST_F(InstallRelease, AGlibcZipTooNewForTheHostFallsBackToMusl) {
  // arc4random: GLIBC_2.36, newer than Amazon Linux 2023's 2.34.
  const std::string glibc = zip_of(
      "glibc", "#include <stdlib.h>\nint main(void){return (int)(arc4random() & 0);}\n", "");
  const std::string musl = zip_of("musl", "int main(void){return 0;}\n", "-static");
  if (glibc.empty() || musl.empty()) GTEST_SKIP() << "needs cc, a static libc and zip";
  ASSERT_EQ(max_glibc_needed(tmp / "glibc" / "stacks-node"), "2.36");
  server.put("/4.0.2/linux-glibc-x64.zip", glibc);
  server.put("/4.0.2/linux-musl-x64.zip", musl);
  server.put("/4.0.2/CHECKSUMS.txt", zip_sha512(glibc) + "  linux-glibc-x64.zip\n" +
                                         zip_sha512(musl) + "  linux-musl-x64.zip\n");

  ReleaseSpec spec;
  spec.version = "4.0.2";
  spec.base_url = server.url("");
  spec.host_glibc = "2.34";
  auto ops = make_host_ops(HostMode::rooted, tmp / "root34");
  InstalledRelease r = install_release(spec, *ops);
  EXPECT_EQ(r.asset, "linux-musl-x64.zip");
  EXPECT_NE(r.why_musl.find("stacks-node needs glibc 2.36"), std::string::npos) << r.why_musl;
  EXPECT_NE(r.why_musl.find("this host has glibc 2.34"), std::string::npos) << r.why_musl;
  EXPECT_EQ(read_bytes(tmp / "root34/opt/stacks/4.0.2/stacks-node"), read_bytes(tmp / "musl/stacks-node"));
  EXPECT_EQ(server.gets("/4.0.2/linux-musl-x64.zip"), 1);

  // A re-run keeps the installed musl binaries without a download.
  r = install_release(spec, *ops);
  EXPECT_FALSE(r.downloaded);
  EXPECT_EQ(r.asset, "linux-musl-x64.zip");

  // A host with a new enough glibc keeps the glibc zip.
  spec.host_glibc = "2.39";
  auto ops39 = make_host_ops(HostMode::rooted, tmp / "root39");
  r = install_release(spec, *ops39);
  EXPECT_EQ(r.asset, "linux-glibc-x64.zip");
  EXPECT_EQ(r.why_musl, "");
  EXPECT_EQ(read_bytes(tmp / "root39/opt/stacks/4.0.2/stacks-node"), read_bytes(tmp / "glibc/stacks-node"));
}

TEST_F(InstallRelease, NoMuslZipListedIsAClearFailure) {
  const std::string glibc = zip_of(
      "glibc", "#include <stdlib.h>\nint main(void){return (int)(arc4random() & 0);}\n", "");
  if (glibc.empty()) GTEST_SKIP() << "needs cc and zip";
  server.put("/4.0.2/linux-glibc-x64.zip", glibc);
  server.put("/4.0.2/CHECKSUMS.txt", zip_sha512(glibc) + "  linux-glibc-x64.zip\n");
  ReleaseSpec spec;
  spec.version = "4.0.2";
  spec.base_url = server.url("");
  spec.host_glibc = "2.34";
  auto ops = make_host_ops(HostMode::rooted, tmp / "root");
  try {
    install_release(spec, *ops);
    ADD_FAILURE() << "installed a binary that cannot run here";
  } catch (const Failure& e) {
    EXPECT_NE(std::string(e.what()).find("lists no linux-musl-x64.zip"), std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(fs::exists(tmp / "root/opt/stacks/4.0.2"));
}

}  // namespace install_test
}  // namespace
}  // namespace snr::agent
