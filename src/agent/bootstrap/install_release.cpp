#include "agent/bootstrap/install_release.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <memory>

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include "agent/bootstrap/glibc_needs.h"
#include "net/download.h"
#include "util/error.h"
#include "util/hex.h"
#include "util/strings.h"

namespace snr::agent {
namespace {

constexpr const char* kMarker = ".snr-release.json";

/// Streams the download into `file` while hashing it.
std::string download_sha512(const std::string& url, const fs::path& file) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_DigestInit_ex(ctx.get(), EVP_sha512(), nullptr);
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (!out) throw Failure("cannot write " + file.string());
  net::DownloadPolicy policy;
  policy.max_attempts_without_progress = 5;
  net::DownloadHandlers h;
  h.on_data = [&](const char* data, std::size_t n) {
    EVP_DigestUpdate(ctx.get(), data, n);
    out.write(data, static_cast<std::streamsize>(n));
    return static_cast<bool>(out);
  };
  net::download(url, policy, h);
  out.close();
  if (!out) throw Failure("cannot write " + file.string());
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx.get(), md, &len);
  return util::hex_encode(std::span<const std::uint8_t>(md, len));
}

}  // namespace

std::string release_asset(node::CpuType cpu) {
  return cpu == node::CpuType::arm64 ? "linux-glibc-arm64.zip" : "linux-glibc-x64.zip";
}

std::string musl_release_asset(node::CpuType cpu) {
  return cpu == node::CpuType::arm64 ? "linux-musl-arm64.zip" : "linux-musl-x64.zip";
}

std::optional<std::string> checksum_for(const std::string& checksums, const std::string& asset) {
  for (const auto& raw : util::split(checksums, '\n')) {
    const std::string line(util::trim(raw));
    const auto sp = line.find_first_of(" \t");
    if (sp == std::string::npos) continue;
    std::string hash = line.substr(0, sp);
    std::string name(util::trim(line.substr(sp)));
    if (!name.empty() && name.front() == '*') name.erase(0, 1);
    if (fs::path(name).filename() == asset && util::is_hex(hash, 128)) return util::to_lower(hash);
  }
  return std::nullopt;
}

void extract_from_zip(const fs::path& zip, const std::vector<std::string>& names,
                      const fs::path& dir) {
  std::unique_ptr<archive, decltype(&archive_read_free)> a(archive_read_new(), archive_read_free);
  archive_read_support_format_zip(a.get());
  if (archive_read_open_filename(a.get(), zip.c_str(), 1 << 16) != ARCHIVE_OK)
    throw Failure(zip.string() + ": " + archive_error_string(a.get()));
  std::vector<std::string> missing = names;
  archive_entry* e = nullptr;
  int rc;
  while ((rc = archive_read_next_header(a.get(), &e)) == ARCHIVE_OK) {
    if (archive_entry_filetype(e) != AE_IFREG) continue;
    const std::string name = fs::path(archive_entry_pathname(e)).filename().string();
    auto it = std::find(missing.begin(), missing.end(), name);
    if (it == missing.end()) continue;
    missing.erase(it);
    const fs::path target = dir / name;
    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    const void* buf = nullptr;
    size_t size = 0;
    la_int64_t offset = 0;
    int r;
    while ((r = archive_read_data_block(a.get(), &buf, &size, &offset)) == ARCHIVE_OK)
      out.write(static_cast<const char*>(buf), static_cast<std::streamsize>(size));
    if (r != ARCHIVE_EOF)
      throw Failure(zip.string() + ": " + name + ": " + archive_error_string(a.get()));
    out.close();
    if (!out) throw Failure("cannot write " + target.string());
    fs::permissions(target, fs::perms(0755));
  }
  if (rc != ARCHIVE_EOF) throw Failure(zip.string() + ": " + archive_error_string(a.get()));
  if (!missing.empty())
    throw Failure(
        fmt::format("{} does not contain {}", zip.filename().string(), util::join(missing, ", ")));
}

InstalledRelease install_release(const ReleaseSpec& spec, HostOps& ops) {
  if (spec.version.empty() || spec.version == "latest")
    throw Failure("the Stacks version must be an exact release tag, not \"" + spec.version +
                  "\" (the deployer resolves latest)");
  const std::string asset = release_asset(spec.cpu);
  const std::string musl = musl_release_asset(spec.cpu);
  const fs::path dir = fs::path(kReleasesDir) / spec.version;
  InstalledRelease r{dir, "", false, asset, ""};

  // Installed and verified before (a marker written last): keep it, no download.
  bool present = false;
  if (auto marker = ops.read_file(dir / kMarker)) {
    try {
      auto j = nlohmann::json::parse(*marker);
      const std::string installed = j.at("asset").get<std::string>();
      present = installed == asset || installed == musl;
      for (const auto& b : spec.binaries)
        present = present && ops.exists(dir / b);
      if (present) {
        r.sha512 = j.at("sha512").get<std::string>();
        r.asset = installed;
        r.why_musl = j.value("why_musl", "");
      }
    } catch (const nlohmann::json::exception&) {
      present = false;
    }
  }

  if (!present) {
    const std::string base = spec.base_url + "/" + spec.version + "/";
    if (ops.step(fmt::format("download {}{} and CHECKSUMS.txt, verify sha512, install {} into {}",
                             base, asset, util::join(spec.binaries, ", "), dir.string()))) {
      net::DownloadPolicy policy;
      policy.max_attempts_without_progress = 5;
      auto sums = net::fetch_small_text(base + "CHECKSUMS.txt", 1 << 20, policy);
      if (!sums) throw Failure(base + "CHECKSUMS.txt does not exist: cannot verify the release");

      const fs::path releases = ops.host_path(kReleasesDir);
      fs::create_directories(releases);
      const fs::path zip = releases / (".download-" + spec.version + ".zip");
      const fs::path staging = releases / (".staging-" + spec.version);
      std::error_code ec;
      fs::remove_all(staging, ec);
      struct Cleanup {
        fs::path zip, staging;
        ~Cleanup() {
          std::error_code e;
          fs::remove(zip, e);
          fs::remove_all(staging, e);
        }
      } cleanup{zip, staging};

      // Downloads, verifies and extracts `a` into a fresh staging directory.
      auto stage = [&](const std::string& a) {
        auto expected = checksum_for(*sums, a);
        if (!expected) throw Failure(base + "CHECKSUMS.txt lists no sha512 for " + a);
        const std::string actual = download_sha512(base + a, zip);
        if (actual != *expected)
          throw Failure(fmt::format(
              "{}{}: sha512 {} does not match CHECKSUMS.txt ({}): refusing to install it", base,
              a, actual, *expected));
        fs::remove_all(staging, ec);
        fs::create_directories(staging);
        fs::permissions(staging, fs::perms(0755));
        extract_from_zip(zip, spec.binaries, staging);
        return actual;
      };
      std::string installed = asset;
      std::string actual = stage(asset);
      // The glibc zips are built on a recent Ubuntu: they may need a newer glibc than this
      // host has (Amazon Linux 2023: 2.34). Then the static musl zip is installed instead.
      const std::optional<std::string> host =
          spec.host_glibc ? spec.host_glibc : host_glibc_version();
      std::vector<std::string> too_new;
      for (const auto& b : spec.binaries) {
        std::optional<std::string> need = max_glibc_needed(staging / b);
        if (need && (!host || compare_versions(*need, *host) > 0))
          too_new.push_back(fmt::format("{} needs glibc {}", b, *need));
      }
      if (!too_new.empty()) {
        r.why_musl = fmt::format("{}: {} ({}); installed {} (static) instead",
                                 asset, util::join(too_new, ", "),
                                 host ? "this host has glibc " + *host : "this host has no glibc",
                                 musl);
        if (!checksum_for(*sums, musl)) {
          throw Failure(fmt::format("{}: {}, and {}CHECKSUMS.txt lists no {}: no binary of {} "
                                    "runs on this host",
                                    asset, util::join(too_new, ", "), base, musl, spec.version));
        }
        installed = musl;
        actual = stage(musl);
      }
      r.asset = installed;
      nlohmann::json marker = {{"version", spec.version},
                               {"asset", installed},
                               {"sha512", actual},
                               {"url", base + installed},
                               {"binaries", spec.binaries},
                               {"why_musl", r.why_musl}};
      std::ofstream(staging / kMarker) << marker.dump(2) << '\n';
      fs::remove_all(ops.host_path(dir), ec);
      fs::rename(staging, ops.host_path(dir), ec);
      if (ec) throw Failure("cannot move the release into " + dir.string() + ": " + ec.message());
      r.sha512 = actual;
      r.downloaded = true;
    }
  }
  if (spec.link) link_release(dir, spec.binaries, ops);
  return r;
}

void link_release(const fs::path& dir, const std::vector<std::string>& binaries, HostOps& ops) {
  for (const auto& b : binaries)
    ops.symlink(dir / b, fs::path(kBinDir) / b);
}

std::optional<fs::path> linked_release(HostOps& ops) {
  std::error_code ec;
  const fs::path target = fs::read_symlink(ops.host_path(fs::path(kBinDir) / "stacks-node"), ec);
  if (ec || target.empty()) return std::nullopt;
  return target.parent_path();
}

void check_release_config(HostOps& ops, const fs::path& release_dir, const std::string& binary,
                          const std::string& file,
                          const std::function<std::string(std::string)>& scrub) {
  std::vector<std::string> argv = {ops.host_path(release_dir / binary).string(), "check-config",
                                   "--config", ops.host_path(file).string()};
  CommandOutput r = ops.run(argv, CommandKind::files);
  if (r.exit_code != 0) {
    std::string said =
        util::join({std::string(util::trim(r.out)), std::string(util::trim(r.err))}, "\n");
    said = std::string(util::trim(said));
    throw Failure(fmt::format("{} check-config rejected {} (exit {}): {}", binary, file,
                              r.exit_code, scrub ? scrub(said) : said));
  }
}

}  // namespace snr::agent
