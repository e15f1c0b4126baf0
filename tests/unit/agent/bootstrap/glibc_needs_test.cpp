#include "agent/bootstrap/glibc_needs.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <unistd.h>

#include "util/error.h"

namespace snr::agent {
namespace {

/// Small ELF fixtures compiled here from a tiny C file with the system compiler.
class GlibcNeeds : public ::testing::Test {
 protected:
  fs::path dir;
  void SetUp() override {
    std::string t = (fs::temp_directory_path() / "snr-elf-XXXXXX").string();
    ASSERT_NE(::mkdtemp(t.data()), nullptr);
    dir = t;
  }
  void TearDown() override { fs::remove_all(dir); }

  /// Compiles `source` into `name` with `flags`; empty path when the compiler failed.
  fs::path compile(const std::string& name, const std::string& source, const std::string& flags) {
    std::ofstream(dir / (name + ".c")) << source;
    std::string cmd = "cc -O1 " + flags + " -o " + (dir / name).string() + " " +
                      (dir / (name + ".c")).string() + " 2>" + (dir / (name + ".err")).string();
    if (std::system(cmd.c_str()) != 0) return {};
    return dir / name;
  }
  std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
};

TEST_F(GlibcNeeds, ADynamicBinaryNeedsAnOldGlibcAStaticOneNone) {
  fs::path hello = compile("hello", "#include <stdio.h>\nint main(void){puts(\"hi\");return 0;}\n", "");
  ASSERT_FALSE(hello.empty()) << read(dir / "hello.err");
  std::optional<std::string> need = max_glibc_needed(hello);
  ASSERT_TRUE(need);
  // Never more than the glibc it was linked against (since 2.34 __libc_start_main@GLIBC_2.34).
  EXPECT_LE(compare_versions(*need, *host_glibc_version()), 0) << *need;
  EXPECT_GE(compare_versions(*need, "2.2.5"), 0) << *need;
  // The same answer as binutils, where it is installed.
  std::string objdump = "objdump -T " + hello.string() +
                        " 2>/dev/null | grep -o 'GLIBC_[0-9.]*' | sort -V | tail -1 > " +
                        (dir / "objdump.out").string();
  if (std::system(objdump.c_str()) == 0 && !read(dir / "objdump.out").empty()) {
    EXPECT_EQ("GLIBC_" + *need + "\n", read(dir / "objdump.out"));
  }

  fs::path stat = compile("static", "#include <stdio.h>\nint main(void){puts(\"hi\");return 0;}\n",
                          "-static");
  if (stat.empty()) GTEST_SKIP() << "no static libc to link with: " << read(dir / "static.err");
  EXPECT_EQ(max_glibc_needed(stat), std::nullopt);
}

TEST_F(GlibcNeeds, ANewerSymbolRaisesTheNeed) {
  // arc4random appeared in glibc 2.36.
  auto host = host_glibc_version();
  ASSERT_TRUE(host);
  if (compare_versions(*host, "2.36") < 0) GTEST_SKIP() << "this host has glibc " << *host;
  fs::path p = compile("newer",
                       "#include <stdlib.h>\n#include <stdio.h>\n"
                       "int main(void){printf(\"%u\\n\", arc4random());return 0;}\n",
                       "");
  ASSERT_FALSE(p.empty()) << read(dir / "newer.err");
  EXPECT_EQ(max_glibc_needed(p), "2.36");
  EXPECT_GT(compare_versions(*max_glibc_needed(p), "2.34"), 0);  // too new for AL2023
}

TEST_F(GlibcNeeds, NotAnElfIsNoNeedAMalformedElfIsAnError) {
  EXPECT_EQ(max_glibc_needed("#!/bin/sh\necho stacks-node 4.0.2\n", "script"), std::nullopt);
  EXPECT_EQ(max_glibc_needed("", "empty"), std::nullopt);
  fs::path hello = compile("hello", "int main(void){return 0;}\n", "");
  ASSERT_FALSE(hello.empty()) << read(dir / "hello.err");
  std::string bytes = read(hello);
  EXPECT_THROW(max_glibc_needed(std::string_view(bytes).substr(0, 100), "truncated"), Failure);
  std::string elf32 = bytes.substr(0, 64);
  elf32[4] = 1;  // ELFCLASS32
  EXPECT_THROW(max_glibc_needed(elf32, "elf32"), Failure);
}

TEST(GlibcVersions, CompareNumerically) {
  EXPECT_LT(compare_versions("2.9", "2.34"), 0);
  EXPECT_EQ(compare_versions("2.34", "2.34.0"), 0);
  EXPECT_GT(compare_versions("2.39", "2.34"), 0);
  EXPECT_LT(compare_versions("2.2.5", "2.17"), 0);
  EXPECT_TRUE(host_glibc_version());
}

}  // namespace
}  // namespace snr::agent
