/// The built snr binary can run on Amazon Linux 2023 (glibc 2.34, its own
/// libcurl/OpenSSL 3): checked on the ELF file itself with objdump, so a new
/// dependency or a newer glibc symbol fails here, not on an instance.

#include <cstdio>
#include <regex>
#include <set>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/run_snr.h"

namespace snr {
namespace {

std::string capture(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
    out.append(buf, n);
  ::pclose(p);
  return out;
}

/// Sonames a minimal AL2023 has (glibc, libcurl-minimal, openssl-libs, zlib,
/// xz-libs, libzstd, lz4-libs, bzip2-libs, libacl, libxml2). NB: Fedora's
/// libbz2 soname is libbz2.so.1, Debian's libbz2.so.1.0: bzip2 is static.
const std::set<std::string> kAllowed = {
    "libc.so.6",    "libm.so.6",    "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1",
    "libcurl.so.4", "libssl.so.3",  "libcrypto.so.3",       "libz.so.1",
    "liblzma.so.5", "libzstd.so.1", "liblz4.so.1",          "libacl.so.1",
    "libxml2.so.2", "libbz2.so.1"};

TEST(Portability, NeedsOnlyLibrariesAmazonLinux2023Has) {
  const std::string p = capture(std::string("objdump -p ") + SNR_BINARY);
  ASSERT_THAT(p, ::testing::HasSubstr("NEEDED")) << "objdump failed";
  std::regex needed(R"(NEEDED\s+(\S+))");
  int n = 0;
  for (std::sregex_iterator it(p.begin(), p.end(), needed), end; it != end; ++it, ++n)
    EXPECT_TRUE(kAllowed.count((*it)[1].str())) << (*it)[1].str() << " is not on AL2023";
  EXPECT_GE(n, 3);
  EXPECT_THAT(p, ::testing::Not(::testing::HasSubstr("libstdc++")));
  EXPECT_THAT(p, ::testing::Not(::testing::HasSubstr("libgcc_s")));
  EXPECT_THAT(p,
              ::testing::Not(::testing::ContainsRegex("R(UN)?PATH")));  // the curl stub never loads
}

TEST(Portability, NoGlibcSymbolNewerThan234) {
  const std::string t = capture(std::string("objdump -T ") + SNR_BINARY);
  std::regex ver(R"(GLIBC_2\.(\d+)(\.\d+)?)");
  int newest = 0;
  std::string which;
  for (std::sregex_iterator it(t.begin(), t.end(), ver), end; it != end; ++it) {
    int minor = std::stoi((*it)[1].str());
    if (minor > newest) newest = minor;
    if (minor > 34) {
      auto line_start = t.rfind('\n', static_cast<std::size_t>(it->position())) + 1;
      which += t.substr(line_start, t.find('\n', line_start) - line_start) + "\n";
    }
  }
  EXPECT_GT(newest, 0) << "objdump -T found no glibc symbols";
  EXPECT_LE(newest, 34) << which;
}

TEST(Portability, NoLibcurlSymbolVersionIsRequired) {
  // Debian's libcurl defines CURL_OPENSSL_4; AL2023's has no version
  // definitions, so a binary requiring one gets a loader warning at every start.
  const std::string p = capture(std::string("objdump -p ") + SNR_BINARY);
  EXPECT_THAT(p, ::testing::Not(::testing::HasSubstr("required from libcurl")));
  EXPECT_THAT(p, ::testing::Not(::testing::HasSubstr("CURL_")));
}

TEST(Portability, ExceptionsUnwindWithTheBuiltInDlFindObject) {
  // A UserError thrown deep in the agent and caught in main: exit 2 with the message.
  auto r = snr::testing::run_snr({"agent", "run", "--once", "--settings", "/nonexistent.json"});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, ::testing::HasSubstr("/nonexistent.json"));
}

}  // namespace
}  // namespace snr
