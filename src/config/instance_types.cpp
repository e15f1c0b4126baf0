#include "config/instance_types.h"

#include <algorithm>
#include <array>

#include "util/strings.h"

namespace snr::config {
namespace {

struct Family {
  std::string_view name;
  CpuType cpu_type;
  bool nitro;
  double gib_per_vcpu;  ///< 0: burstable (memory by size, see burstable_memory)
  std::string_view sizes;
};

constexpr std::string_view kM5Sizes =
    "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge metal";
constexpr std::string_view kM5aSizes =
    "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge";
constexpr std::string_view kM6iSizes =
    "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge metal";
constexpr std::string_view kM6aSizes =
    "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge 48xlarge metal";
constexpr std::string_view kM7iSizes =
    "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge metal-24xl "
    "metal-48xl";
constexpr std::string_view kFlexSizes = "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge";
constexpr std::string_view kM7aSizes =
    "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge 48xlarge "
    "metal-48xl";
constexpr std::string_view kM8iSizes =
    "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 32xlarge 48xlarge 96xlarge "
    "metal-48xl metal-96xl";
constexpr std::string_view kC5Sizes =
    "large xlarge 2xlarge 4xlarge 9xlarge 12xlarge 18xlarge 24xlarge metal";
constexpr std::string_view kC5nSizes = "large xlarge 2xlarge 4xlarge 9xlarge 18xlarge metal";
constexpr std::string_view kGravitonSizes =
    "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge metal";
constexpr std::string_view kGraviton4Sizes =
    "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 24xlarge 48xlarge metal-24xl "
    "metal-48xl";
constexpr std::string_view kBurstableSizes = "nano micro small medium large xlarge 2xlarge";

constexpr CpuType kX86 = CpuType::x86_64;
constexpr CpuType kArm = CpuType::arm64;

constexpr std::array kFamilies = {
    // x86_64, Nitro
    Family{"m5", kX86, true, 4, kM5Sizes},
    Family{"m5d", kX86, true, 4, kM5Sizes},
    Family{"m5n", kX86, true, 4, kM5Sizes},
    Family{"m5dn", kX86, true, 4, kM5Sizes},
    Family{"m5a", kX86, true, 4, kM5aSizes},
    Family{"m5ad", kX86, true, 4, kM5aSizes},
    Family{"m5zn", kX86, true, 4, "large xlarge 2xlarge 3xlarge 6xlarge 12xlarge metal"},
    Family{"m6i", kX86, true, 4, kM6iSizes},
    Family{"m6id", kX86, true, 4, kM6iSizes},
    Family{"m6in", kX86, true, 4, kM6iSizes},
    Family{"m6idn", kX86, true, 4, kM6iSizes},
    Family{"m6a", kX86, true, 4, kM6aSizes},
    Family{"m7i", kX86, true, 4, kM7iSizes},
    Family{"m7i-flex", kX86, true, 4, kFlexSizes},
    Family{"m7a", kX86, true, 4, kM7aSizes},
    Family{"m8i", kX86, true, 4, kM8iSizes},
    Family{"m8a", kX86, true, 4, kM7aSizes},
    Family{"c5", kX86, true, 2, kC5Sizes},
    Family{"c5d", kX86, true, 2, kC5Sizes},
    Family{"c5a", kX86, true, 2, kM5aSizes},
    Family{"c5ad", kX86, true, 2, kM5aSizes},
    Family{"c5n", kX86, true, 2.625, kC5nSizes},
    Family{"c6i", kX86, true, 2, kM6iSizes},
    Family{"c6id", kX86, true, 2, kM6iSizes},
    Family{"c6in", kX86, true, 2, kM6iSizes},
    Family{"c6a", kX86, true, 2, kM6aSizes},
    Family{"c7i", kX86, true, 2, kM7iSizes},
    Family{"c7i-flex", kX86, true, 2, kFlexSizes},
    Family{"c7a", kX86, true, 2, kM7aSizes},
    Family{"c8i", kX86, true, 2, kM8iSizes},
    Family{"r5", kX86, true, 8, kM5Sizes},
    Family{"r5d", kX86, true, 8, kM5Sizes},
    Family{"r5n", kX86, true, 8, kM5Sizes},
    Family{"r5dn", kX86, true, 8, kM5Sizes},
    Family{"r5a", kX86, true, 8, kM5aSizes},
    Family{"r5ad", kX86, true, 8, kM5aSizes},
    Family{"r6i", kX86, true, 8, kM6iSizes},
    Family{"r6id", kX86, true, 8, kM6iSizes},
    Family{"r6a", kX86, true, 8, kM6aSizes},
    Family{"r7i", kX86, true, 8, kM7iSizes},
    Family{"r7a", kX86, true, 8, kM7aSizes},
    Family{"r7iz", kX86, true, 8,
           "large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge 32xlarge metal-16xl metal-32xl"},
    Family{"r8i", kX86, true, 8, kM8iSizes},
    Family{"t3", kX86, true, 0, kBurstableSizes},
    Family{"t3a", kX86, true, 0, kBurstableSizes},
    Family{"i3en", kX86, true, 8, "large xlarge 2xlarge 3xlarge 6xlarge 12xlarge 24xlarge metal"},
    Family{"i4i", kX86, true, 8, kM6iSizes},
    Family{"z1d", kX86, true, 8, "large xlarge 2xlarge 3xlarge 6xlarge 12xlarge metal"},
    // arm64 (Graviton), Nitro
    Family{"a1", kArm, true, 2, "medium large xlarge 2xlarge 4xlarge metal"},
    Family{"m6g", kArm, true, 4, kGravitonSizes},
    Family{"m6gd", kArm, true, 4, kGravitonSizes},
    Family{"m7g", kArm, true, 4, kGravitonSizes},
    Family{"m7gd", kArm, true, 4, kGravitonSizes},
    Family{"m8g", kArm, true, 4, kGraviton4Sizes},
    Family{"m8gd", kArm, true, 4, kGraviton4Sizes},
    Family{"c6g", kArm, true, 2, kGravitonSizes},
    Family{"c6gd", kArm, true, 2, kGravitonSizes},
    Family{"c6gn", kArm, true, 2, "medium large xlarge 2xlarge 4xlarge 8xlarge 12xlarge 16xlarge"},
    Family{"c7g", kArm, true, 2, kGravitonSizes},
    Family{"c7gd", kArm, true, 2, kGravitonSizes},
    Family{"c7gn", kArm, true, 2, kGravitonSizes},
    Family{"c8g", kArm, true, 2, kGraviton4Sizes},
    Family{"r6g", kArm, true, 8, kGravitonSizes},
    Family{"r6gd", kArm, true, 8, kGravitonSizes},
    Family{"r7g", kArm, true, 8, kGravitonSizes},
    Family{"r7gd", kArm, true, 8, kGravitonSizes},
    Family{"r8g", kArm, true, 8, kGraviton4Sizes},
    Family{"t4g", kArm, true, 0, kBurstableSizes},
    Family{"i4g", kArm, true, 8, "large xlarge 2xlarge 4xlarge 8xlarge 16xlarge"},
    Family{"im4gn", kArm, true, 4, "large xlarge 2xlarge 4xlarge 8xlarge 16xlarge"},
    Family{"is4gen", kArm, true, 6, "medium large xlarge 2xlarge 4xlarge 8xlarge"},
    Family{"x2gd", kArm, true, 16, kGravitonSizes},
    // Xen-based previous generations: real types, but their EBS volumes are not NVMe devices.
    Family{"t2", kX86, false, 0, kBurstableSizes},
    Family{"m4", kX86, false, 4, "large xlarge 2xlarge 4xlarge 10xlarge 16xlarge"},
    Family{"c4", kX86, false, 1.875, "large xlarge 2xlarge 4xlarge 8xlarge"},
    Family{"r4", kX86, false, 7.625, "large xlarge 2xlarge 4xlarge 8xlarge 16xlarge"},
    Family{"i3", kX86, false, 7.625, "large xlarge 2xlarge 4xlarge 8xlarge 16xlarge"},
    Family{"m3", kX86, false, 3.75, "medium large xlarge 2xlarge"},
    Family{"c3", kX86, false, 1.875, "large xlarge 2xlarge 4xlarge 8xlarge"},
    Family{"r3", kX86, false, 7.625, "large xlarge 2xlarge 4xlarge 8xlarge"},
    Family{"d2", kX86, false, 7.625, "xlarge 2xlarge 4xlarge 8xlarge"},
    Family{"x1", kX86, false, 15.25, "16xlarge 32xlarge"},
    Family{"x1e", kX86, false, 30.5, "xlarge 2xlarge 4xlarge 8xlarge 16xlarge 32xlarge"},
};

/// vCPUs of a size name ("large" = 2, "4xlarge" = 16, "metal-24xl" = 96 ...).
double vcpus_of(std::string_view size) {
  if (size == "nano" || size == "micro" || size == "small" || size == "medium") return 1;
  if (size == "large" || size == "metal") return 2;
  if (size == "xlarge") return 4;
  std::string_view digits = size;
  if (digits.substr(0, 6) == "metal-") digits.remove_prefix(6);
  std::size_t n = 0;
  while (n < digits.size() && digits[n] >= '0' && digits[n] <= '9')
    ++n;
  auto v = util::parse_uint(digits.substr(0, n));
  return v ? 4.0 * static_cast<double>(*v) : 2;
}

double burstable_memory(std::string_view size) {
  constexpr std::array<std::pair<std::string_view, double>, 7> kMemory{{
      {"nano", 0.5},
      {"micro", 1},
      {"small", 2},
      {"medium", 4},
      {"large", 8},
      {"xlarge", 16},
      {"2xlarge", 32},
  }};
  for (const auto& [name, gib] : kMemory) {
    if (name == size) return gib;
  }
  return 0;
}

bool has_size(std::string_view sizes, std::string_view size) {
  for (const auto& s : util::split(sizes, ' ')) {
    if (s == size) return true;
  }
  return false;
}

}  // namespace

std::optional<InstanceTypeInfo> lookup_instance_type(std::string_view type) {
  std::size_t dot = type.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  std::string_view family = type.substr(0, dot);
  std::string_view size = type.substr(dot + 1);
  for (const Family& f : kFamilies) {
    if (f.name != family || !has_size(f.sizes, size)) continue;
    double memory = f.gib_per_vcpu > 0 ? f.gib_per_vcpu * vcpus_of(size) : burstable_memory(size);
    return InstanceTypeInfo{f.cpu_type, f.nitro, memory};
  }
  return std::nullopt;
}

std::optional<EbsBandwidth> ebs_bandwidth(std::string_view type) {
  struct Row {
    std::string_view size;
    double baseline, max;
  };
  // Mbps / 8 as AWS lists them.
  static constexpr Row kM5[] = {{"large", 81.25, 593.75},  {"xlarge", 143.75, 593.75},
                                {"2xlarge", 287.5, 593.75}, {"4xlarge", 593.75, 593.75},
                                {"8xlarge", 850, 850},      {"12xlarge", 1187.5, 1187.5},
                                {"16xlarge", 1700, 1700},   {"24xlarge", 2375, 2375},
                                {"metal", 2375, 2375}};
  static constexpr Row kC5[] = {{"large", 81.25, 593.75},  {"xlarge", 143.75, 593.75},
                                {"2xlarge", 287.5, 593.75}, {"4xlarge", 593.75, 593.75},
                                {"9xlarge", 1187.5, 1187.5}, {"12xlarge", 1187.5, 1187.5},
                                {"18xlarge", 2375, 2375},   {"24xlarge", 2375, 2375},
                                {"metal", 2375, 2375}};
  static constexpr Row kGen6[] = {{"large", 81.25, 1250},  {"xlarge", 156.25, 1250},
                                  {"2xlarge", 312.5, 1250}, {"4xlarge", 625, 1250},
                                  {"8xlarge", 1250, 1250},  {"12xlarge", 1875, 1875},
                                  {"16xlarge", 2500, 2500}, {"24xlarge", 3750, 3750},
                                  {"32xlarge", 5000, 5000}, {"48xlarge", 5000, 5000}};
  static constexpr Row kGraviton2[] = {
      {"medium", 39.38, 593.75},  {"large", 78.75, 593.75},   {"xlarge", 156.25, 593.75},
      {"2xlarge", 312.5, 593.75}, {"4xlarge", 593.75, 593.75}, {"8xlarge", 1187.5, 1187.5},
      {"12xlarge", 1781.25, 1781.25}, {"16xlarge", 2375, 2375}, {"metal", 2375, 2375}};
  static constexpr Row kGraviton3[] = {
      {"medium", 39.38, 1250}, {"large", 78.75, 1250}, {"xlarge", 156.25, 1250},
      {"2xlarge", 312.5, 1250}, {"4xlarge", 625, 1250}, {"8xlarge", 1250, 1250},
      {"12xlarge", 1875, 1875}, {"16xlarge", 2500, 2500}, {"metal", 2500, 2500}};
  static constexpr Row kT3[] = {{"nano", 4, 260.62},       {"micro", 8, 260.62},
                                {"small", 21.75, 347.5},   {"medium", 43.38, 347.5},
                                {"large", 86.88, 347.5},   {"xlarge", 86.88, 347.5},
                                {"2xlarge", 86.88, 347.5}};
  static constexpr Row kT4g[] = {{"nano", 5.38, 260.62},    {"micro", 10.88, 260.62},
                                 {"small", 21.75, 260.62},  {"medium", 43.38, 260.62},
                                 {"large", 86.88, 260.62},  {"xlarge", 86.88, 260.62},
                                 {"2xlarge", 86.88, 260.62}};
  struct Scheme {
    std::string_view families;
    const Row* rows;
    std::size_t count;
  };
  static constexpr Scheme kSchemes[] = {
      {"m5 r5", kM5, std::size(kM5)},
      {"c5", kC5, std::size(kC5)},
      {"m6i c6i r6i m6a c6a m7i c7i r7i", kGen6, std::size(kGen6)},
      {"m6g c6g r6g", kGraviton2, std::size(kGraviton2)},
      {"m7g c7g r7g", kGraviton3, std::size(kGraviton3)},
      {"t3", kT3, std::size(kT3)},
      {"t4g", kT4g, std::size(kT4g)},
  };
  const std::size_t dot = type.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const std::string_view family = type.substr(0, dot), size = type.substr(dot + 1);
  for (const Scheme& s : kSchemes) {
    if (!has_size(s.families, family)) continue;
    for (std::size_t i = 0; i < s.count; ++i)
      if (s.rows[i].size == size) return EbsBandwidth{s.rows[i].baseline, s.rows[i].max};
  }
  return std::nullopt;
}

const std::vector<std::string>& known_instance_types() {
  static const std::vector<std::string> kAll = [] {
    std::vector<std::string> all;
    for (const Family& f : kFamilies) {
      for (const auto& size : util::split(f.sizes, ' ')) {
        all.push_back(std::string(f.name) + "." + size);
      }
    }
    std::sort(all.begin(), all.end());
    return all;
  }();
  return kAll;
}

}  // namespace snr::config
