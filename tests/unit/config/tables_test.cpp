#include <gtest/gtest.h>

#include "config/instance_types.h"
#include "config/regions.h"
#include "config/versions.h"
#include "node/types.h"

namespace snr::config {
namespace {

TEST(InstanceTypes, ArchitectureNitroAndMemory) {
  auto m5 = lookup_instance_type("m5.large");
  ASSERT_TRUE(m5);
  EXPECT_EQ(m5->cpu_type, CpuType::x86_64);
  EXPECT_TRUE(m5->nitro);
  EXPECT_DOUBLE_EQ(m5->memory_gib, 8);
  auto g = lookup_instance_type("m7g.4xlarge");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->cpu_type, CpuType::arm64);
  EXPECT_DOUBLE_EQ(g->memory_gib, 64);
  EXPECT_DOUBLE_EQ(lookup_instance_type("t3.medium")->memory_gib, 4);
  EXPECT_FALSE(lookup_instance_type("c4.large")->nitro);
  EXPECT_FALSE(lookup_instance_type("m5.medium"));  // m5 has no medium
  EXPECT_FALSE(lookup_instance_type("m5"));
  EXPECT_FALSE(lookup_instance_type(""));
  EXPECT_TRUE(lookup_instance_type("c5.9xlarge"));
  EXPECT_TRUE(lookup_instance_type("m7i.metal-24xl"));
  EXPECT_GT(known_instance_types().size(), 500u);
}

TEST(Regions, KnownAndPartitions) {
  EXPECT_TRUE(is_known_region("us-west-2"));
  EXPECT_FALSE(is_known_region("us-west-3"));
  EXPECT_EQ(partition_of("cn-north-1"), "aws-cn");
  EXPECT_EQ(partition_of("us-gov-west-1"), "aws-us-gov");
  EXPECT_EQ(partition_of("eu-west-1"), "aws");
}

TEST(Versions, ParseAndCompareNumerically) {
  auto v = [](const char* s) { return *parse_release_tag(s); };
  EXPECT_LT(v("3.4.0.0.4"), v("4.0.0"));
  EXPECT_LT(v("4.0.1"), v("4.0.2"));
  EXPECT_LT(v("4.0.9"), v("4.0.10"));
  EXPECT_LT(v("4.0.1"), v("4.0.1.1"));
  EXPECT_EQ(v("4.0.2"), v("4.0.2"));
  // Release candidates (docs/release-process.md: X.Y.Z-rcN) come before their release.
  EXPECT_LT(v("4.0.3-rc1"), v("4.0.3"));
  EXPECT_LT(v("4.0.3-rc1"), v("4.0.3-rc2"));
  EXPECT_LT(v("4.0.3-rc9"), v("4.0.3-rc10"));
  EXPECT_LT(v("4.0.2"), v("4.0.3-rc1"));
  EXPECT_TRUE(v("4.0.3-rc1").release_candidate());
  EXPECT_FALSE(v("4.0.3").release_candidate());
  for (const char* bad : {"", "4", "4.0", "v4.0.2", "4.0.x", "4..0", "1.2.3.4.5.6", "04.0.1",
                          "4.0.3-rc", "4.0.3-rc0", "4.0.3-beta1", "4.0.3-rc01", "4.0.3rc1"}) {
    EXPECT_FALSE(parse_release_tag(bad)) << bad;
  }
}

TEST(Types, SpellingsRoundTrip) {
  for (const auto& n : node::role_names())
    EXPECT_EQ(to_string(*node::parse_role(n)), n);
  for (const auto& n : node::network_names())
    EXPECT_EQ(to_string(*node::parse_network(n)), n);
  for (const auto& n : node::cpu_type_names())
    EXPECT_EQ(to_string(*node::parse_cpu_type(n)), n);
  for (const auto& n : node::volume_type_names())
    EXPECT_EQ(to_string(*node::parse_volume_type(n)), n);
  EXPECT_EQ(node::parse_cpu_type("arm_64"), CpuType::arm64);
  EXPECT_FALSE(node::parse_cpu_type("arm"));
}

}  // namespace
}  // namespace snr::config
