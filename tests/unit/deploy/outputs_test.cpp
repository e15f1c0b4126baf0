#include "deploy/outputs.h"

#include <cstdio>

#include <gtest/gtest.h>

#include "contract/names.h"
#include "deploy/publish_binary.h"
#include "support/temp_dir.h"

namespace snr::deploy {
namespace {

using snr::testing::TempDir;

std::string jq(const std::string& filter, const std::filesystem::path& file) {
  std::string cmd = "jq -r '" + filter + "' " + file.string();
  FILE* p = ::popen(cmd.c_str(), "r");
  std::string out;
  char buf[256];
  while (p && std::fgets(buf, sizeof buf, p))
    out += buf;
  if (p) ::pclose(p);
  return out;
}

TEST(OutputsFile, HasTheCdkShapeTheBlueprintReadmeQueries) {
  TempDir dir;
  auto file = dir / "outputs.json";
  write_outputs_file(file,
                     {{"stacks-single-node",
                       {{"nodeinstanceid", "i-0abc", "", ""}, {"region", "us-west-2", "", ""}}}});
  // The blueprint README's own jq lines.
  EXPECT_EQ(jq("..|.nodeinstanceid? | select(. != null)", file), "i-0abc\n");
  EXPECT_EQ(jq("..|.region? | select(. != null)", file), "us-west-2\n");

  // A later deploy of another stack keeps what was there.
  write_outputs_file(
      file, {{"stacks-ha-nodes",
              {{"ALBURL", "internal-x.elb", "", ""}, {"alburl", "internal-x.elb", "", ""}}}});
  EXPECT_EQ(jq("..|.ALBURL? | select(. != null)", file), "internal-x.elb\n");
  EXPECT_EQ(jq("..|.nodeinstanceid? | select(. != null)", file), "i-0abc\n");
  EXPECT_EQ(jq("keys | join(\",\")", file), "stacks-ha-nodes,stacks-single-node\n");
}

TEST(Assets, ElfMachineOfThisBinaryAndOfNonExecutables) {
  EXPECT_EQ(elf_machine("/proc/self/exe"), "x86_64");  // this test program
  TempDir dir;
  EXPECT_EQ(elf_machine(dir.write("text", "#!/bin/sh\necho hi\n")), "");
  EXPECT_EQ(elf_machine(dir / "missing"), "");
  EXPECT_EQ(contract::asset_arch(node::CpuType::arm64), "arm64");
  EXPECT_EQ(contract::asset_arch(node::CpuType::x86_64), "x86_64");
}

}  // namespace
}  // namespace snr::deploy
