#include "agent/bootstrap/glibc_needs.h"

#include <cstring>
#include <fstream>
#include <sstream>

#include <elf.h>
#include <fmt/format.h>
#include <gnu/libc-version.h>

#include "util/error.h"
#include "util/strings.h"

namespace snr::agent {
namespace {

/// A bounds-checked little-endian reader over the image.
struct Image {
  std::string_view bytes;
  std::string_view what;

  template <typename T>
  T at(std::uint64_t offset) const {
    if (offset > bytes.size() || bytes.size() - offset < sizeof(T)) {
      throw Failure(fmt::format("{}: truncated ELF file (needs byte {} of {})", what,
                                offset + sizeof(T), bytes.size()));
    }
    T v;
    std::memcpy(&v, bytes.data() + offset, sizeof(T));
    return v;
  }
  std::string c_string(std::uint64_t offset, std::uint64_t end) const {
    if (offset >= end || end > bytes.size())
      throw Failure(fmt::format("{}: a version name outside its string table", what));
    std::string_view s = bytes.substr(offset, end - offset);
    return std::string(s.substr(0, s.find('\0')));
  }
};

/// "GLIBC_2.34" -> "2.34"; "" for anything else (GLIBC_PRIVATE, GCC_3.0, ...).
std::string glibc_version_of(std::string_view name) {
  if (!name.starts_with("GLIBC_")) return "";
  std::string_view v = name.substr(6);
  if (v.empty() || v.find_first_not_of("0123456789.") != std::string_view::npos) return "";
  return std::string(v);
}

}  // namespace

int compare_versions(std::string_view a, std::string_view b) {
  std::vector<std::string> pa = util::split(a, '.');
  std::vector<std::string> pb = util::split(b, '.');
  for (std::size_t i = 0; i < std::max(pa.size(), pb.size()); ++i) {
    unsigned long x = i < pa.size() && !pa[i].empty() ? std::stoul(pa[i]) : 0;
    unsigned long y = i < pb.size() && !pb[i].empty() ? std::stoul(pb[i]) : 0;
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

std::optional<std::string> max_glibc_needed(std::string_view bytes, std::string_view what) {
  if (bytes.size() < EI_NIDENT || std::memcmp(bytes.data(), ELFMAG, SELFMAG) != 0)
    return std::nullopt;
  if (bytes[EI_CLASS] != ELFCLASS64 || bytes[EI_DATA] != ELFDATA2LSB) {
    throw Failure(fmt::format("{}: not a 64-bit little-endian ELF file", what));
  }
  Image img{bytes, what};
  const auto eh = img.at<Elf64_Ehdr>(0);
  if (eh.e_shoff == 0 || eh.e_shnum == 0) return std::nullopt;  // no section table
  if (eh.e_shentsize != sizeof(Elf64_Shdr))
    throw Failure(fmt::format("{}: unexpected ELF section header size", what));
  std::optional<std::string> best;
  for (std::uint64_t i = 0; i < eh.e_shnum; ++i) {
    const auto sh = img.at<Elf64_Shdr>(eh.e_shoff + i * sizeof(Elf64_Shdr));
    if (sh.sh_type != SHT_GNU_verneed) continue;
    if (sh.sh_link >= eh.e_shnum)
      throw Failure(fmt::format("{}: version needs without a string table", what));
    const auto strtab = img.at<Elf64_Shdr>(eh.e_shoff + sh.sh_link * sizeof(Elf64_Shdr));
    const std::uint64_t str_begin = strtab.sh_offset;
    const std::uint64_t str_end = strtab.sh_offset + strtab.sh_size;
    std::uint64_t need = sh.sh_offset;
    for (unsigned n = 0; n < 10000; ++n) {  // bounded: a loop in the chain is malformed
      const auto vn = img.at<Elf64_Verneed>(need);
      std::uint64_t aux = need + vn.vn_aux;
      for (unsigned k = 0; k < vn.vn_cnt; ++k) {
        const auto va = img.at<Elf64_Vernaux>(aux);
        std::string v = glibc_version_of(img.c_string(str_begin + va.vna_name, str_end));
        if (!v.empty() && (!best || compare_versions(v, *best) > 0)) best = v;
        if (va.vna_next == 0) break;
        aux += va.vna_next;
      }
      if (vn.vn_next == 0) break;
      need += vn.vn_next;
    }
  }
  return best;
}

std::optional<std::string> max_glibc_needed(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Failure("cannot read " + file.string());
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string bytes = ss.str();
  return max_glibc_needed(bytes, file.string());
}

std::optional<std::string> host_glibc_version() {
  const char* v = ::gnu_get_libc_version();
  if (v == nullptr || *v == '\0') return std::nullopt;
  return std::string(v);
}

}  // namespace snr::agent
