#include "support/test_archive.h"

#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

namespace snr::test {

namespace fs = std::filesystem;

std::string random_bytes(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::string out(n, '\0');
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t v = rng();
    for (int b = 0; b < 8; ++b)
      out[i + b] = static_cast<char>(v >> (8 * b));
  }
  for (; i < n; ++i)
    out[i] = static_cast<char>(rng());
  return out;
}

namespace {

std::string compressible_text(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::string out;
  out.reserve(n);
  while (out.size() < n) {
    out += "block " + std::to_string(rng() % 100000) + " parent " + std::to_string(rng() % 1000) +
           " burn_header_hash 00000000000000000003a1c2 consensus ok\n";
  }
  out.resize(n);
  return out;
}

}  // namespace

std::vector<TestEntry> chainstate_like_tree(const std::string& top, std::size_t small_files,
                                            std::size_t large_file_bytes, std::uint64_t seed) {
  using T = TestEntry::Type;
  std::vector<TestEntry> e;
  auto dir = [&](const std::string& p, unsigned mode = 0755) {
    e.push_back({top + "/" + p, T::dir, "", "", mode});
  };
  auto file = [&](const std::string& p, std::string data, unsigned mode = 0644) {
    e.push_back({top + "/" + p, T::file, std::move(data), "", mode});
  };
  e.push_back({top, T::dir, "", "", 0755});
  dir("burnchain");
  file("burnchain/burnchain.sqlite", random_bytes(large_file_bytes, seed + 1));
  dir("burnchain/sortition");
  file("burnchain/sortition/marf.sqlite", compressible_text(large_file_bytes + 12345, seed + 2));
  file("burnchain/sortition/marf.sqlite.blobs", random_bytes(large_file_bytes / 2 + 7, seed + 3),
       0600);
  dir("chainstate");
  dir("chainstate/vm");
  dir("chainstate/vm/clarity");
  file("chainstate/vm/clarity/marf.sqlite", random_bytes(large_file_bytes / 3, seed + 4));
  file("chainstate/vm/index.sqlite", compressible_text(200000, seed + 5));
  e.push_back({top + "/chainstate/vm/index.sqlite.bak", T::hardlink, "",
               top + "/chainstate/vm/index.sqlite", 0644});
  file("chainstate/vm/run.sh", "#!/bin/sh\necho ok\n", 0755);
  dir("chainstate/blocks");
  std::mt19937_64 rng(seed + 6);
  std::set<std::string> made;
  for (std::size_t i = 0; i < small_files; ++i) {
    char a[3], b[3];
    std::snprintf(a, sizeof a, "%02x", static_cast<unsigned>(rng() % 16));
    std::snprintf(b, sizeof b, "%02x", static_cast<unsigned>(rng() % 8));
    std::string d1 = std::string("chainstate/blocks/") + a;
    std::string d2 = d1 + "/" + b;
    if (made.insert(d1).second) dir(d1);
    if (made.insert(d2).second) dir(d2);
    std::size_t size = rng() % 4096;
    std::string data =
        (i % 3 == 0) ? compressible_text(size, seed + 100 + i) : random_bytes(size, seed + 100 + i);
    file(d2 + "/block-" + std::to_string(i), std::move(data));
  }
  // Inside-the-tree links: one to a directory, one to a file in another branch.
  e.push_back({top + "/chainstate/current", T::symlink, "", "vm/clarity", 0777});
  e.push_back(
      {top + "/chainstate/blocks/latest-index", T::symlink, "", "../vm/index.sqlite", 0777});
  return e;
}

namespace {

la_ssize_t append_callback(archive* /*a*/, void* user, const void* buf, size_t len) {
  static_cast<std::string*>(user)->append(static_cast<const char*>(buf), len);
  return static_cast<la_ssize_t>(len);
}

}  // namespace

std::string make_archive(const std::vector<TestEntry>& entries, Compression compression) {
  std::string out;
  archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  archive_write_set_bytes_in_last_block(a, 1);  // no zero padding after the compressed stream
  if (compression == Compression::gzip) archive_write_add_filter_gzip(a);
  if (compression == Compression::zstd) archive_write_add_filter_zstd(a);
  if (archive_write_open(a, &out, nullptr, append_callback, nullptr) != ARCHIVE_OK) {
    throw std::runtime_error(std::string("archive_write_open: ") + archive_error_string(a));
  }
  for (const TestEntry& t : entries) {
    archive_entry* en = archive_entry_new();
    archive_entry_set_pathname(en, t.path.c_str());
    archive_entry_set_perm(en, t.mode);
    archive_entry_set_mtime(en, 1700000000, 0);
    archive_entry_set_uid(en, 1000);
    archive_entry_set_gid(en, 1000);
    switch (t.type) {
      case TestEntry::Type::file:
        archive_entry_set_filetype(en, AE_IFREG);
        archive_entry_set_size(en, static_cast<la_int64_t>(t.data.size()));
        break;
      case TestEntry::Type::dir:
        archive_entry_set_filetype(en, AE_IFDIR);
        break;
      case TestEntry::Type::symlink:
        archive_entry_set_filetype(en, AE_IFLNK);
        archive_entry_set_symlink(en, t.target.c_str());
        break;
      case TestEntry::Type::hardlink:
        archive_entry_set_filetype(en, AE_IFREG);
        archive_entry_set_hardlink(en, t.target.c_str());
        break;
      case TestEntry::Type::fifo:
        archive_entry_set_filetype(en, AE_IFIFO);
        break;
      case TestEntry::Type::chardev:
        archive_entry_set_filetype(en, AE_IFCHR);
        archive_entry_set_rdev(en, makedev(1, 3));
        break;
    }
    if (archive_write_header(a, en) != ARCHIVE_OK) {
      throw std::runtime_error(std::string("archive_write_header: ") + archive_error_string(a));
    }
    if (t.type == TestEntry::Type::file && !t.data.empty()) {
      archive_write_data(a, t.data.data(), t.data.size());
    }
    archive_entry_free(en);
  }
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Actual {
  char type;  // f d l
  std::string content_or_target;
  unsigned mode;
};

}  // namespace

std::string diff_tree(const fs::path& dir, const std::vector<TestEntry>& entries,
                      const std::vector<std::string>& ignore) {
  std::map<std::string, Actual> expected;
  std::map<std::string, std::string> file_data;
  for (const TestEntry& t : entries) {
    // Parent directories exist even when the archive does not list them.
    for (auto slash = t.path.find('/'); slash != std::string::npos;
         slash = t.path.find('/', slash + 1)) {
      expected.try_emplace(t.path.substr(0, slash), Actual{'d', "", 0755});
    }
    unsigned m = (t.mode & 0777 & ~0022u);
    switch (t.type) {
      case TestEntry::Type::file:
        expected[t.path] = {'f', t.data, m | 0600};
        file_data[t.path] = t.data;
        break;
      case TestEntry::Type::dir:
        expected[t.path] = {'d', "", m | 0700};
        break;
      case TestEntry::Type::symlink:
        expected[t.path] = {'l', t.target, 0};
        break;
      case TestEntry::Type::hardlink:
        expected[t.path] = {'f', file_data[t.target], m | 0600};
        break;
      default:
        break;
    }
  }
  std::map<std::string, Actual> actual;
  std::set<std::string> ignored(ignore.begin(), ignore.end());
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator();
       ++it) {
    std::string rel = it->path().lexically_relative(dir).string();
    if (it.depth() == 0 && ignored.count(rel)) {
      if (it->is_directory() && !it->is_symlink()) it.disable_recursion_pending();
      continue;
    }
    struct stat st {};
    ::lstat(it->path().c_str(), &st);
    if (S_ISLNK(st.st_mode)) {
      actual[rel] = {'l', fs::read_symlink(it->path()).string(), 0};
    } else if (S_ISDIR(st.st_mode)) {
      actual[rel] = {'d', "", st.st_mode & 07777u};
    } else if (S_ISREG(st.st_mode)) {
      actual[rel] = {'f', read_file(it->path()), st.st_mode & 07777u};
    } else {
      actual[rel] = {'?', "", st.st_mode & 07777u};
    }
  }
  std::ostringstream diff;
  for (const auto& [path, want] : expected) {
    auto it = actual.find(path);
    if (it == actual.end()) {
      diff << "missing: " << path << "\n";
      continue;
    }
    const Actual& got = it->second;
    if (got.type != want.type)
      diff << "type differs: " << path << "\n";
    else if (got.content_or_target != want.content_or_target)
      diff << "content differs: " << path << "\n";
    else if (got.type != 'l' && got.mode != want.mode) {
      diff << "mode differs: " << path << " " << std::oct << got.mode << " want " << want.mode
           << std::dec << "\n";
    }
  }
  for (const auto& [path, got] : actual) {
    if (expected.count(path) == 0) diff << "unexpected: " << path << "\n";
  }
  return diff.str();
}

std::string list_tree(const fs::path& dir) {
  std::ostringstream out;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return "(absent)";
  std::set<std::string> lines;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator();
       ++it) {
    struct stat st {};
    ::lstat(it->path().c_str(), &st);
    lines.insert(it->path().lexically_relative(dir).string() + " " + std::to_string(st.st_mode) +
                 " " + std::to_string(S_ISDIR(st.st_mode) ? 0 : st.st_size));
  }
  for (const auto& l : lines)
    out << l << "\n";
  return out.str();
}

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl =
      std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/snr-test-XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = fs::canonical(tmpl);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

}  // namespace snr::test
