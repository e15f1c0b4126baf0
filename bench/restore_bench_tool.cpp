// Helper for bench/restore_bench.sh (not a test): generates a chainstate-like archive,
// serves a file over loopback HTTP with a bandwidth cap, and runs single stages of the
// restore pipeline so each can be timed alone.
//
//   restore_bench_tool gen OUT.tar.gz RAW_MIB [gzip|zstd]  chainstate-like tree, ~2.7x ratio
//   restore_bench_tool serve FILE PORT_FILE RATE_MBPS        serve FILE at /FILE's name; 0: no cap
//   restore_bench_tool inflate FILE                          decompress + parse tar, write nothing
//   restore_bench_tool extract FILE DIR                      extract a local archive (snr's
//   extractor) restore_bench_tool fetch URL                             download + SHA-256 to
//   nowhere (snr's downloader)

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <thread>

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <httplib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/restore/extractor.h"
#include "agent/restore/flusher.h"
#include "net/download.h"
#include "util/sha256.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
namespace r = snr::agent::restore;
namespace net = snr::net;

namespace {

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

constexpr unsigned kRandomPagePercent = 22;

/// A 4 KiB page of a database-like file: either hashes (incompressible) or records with
/// small varying fields (compress well). The mix gives about 2.7x with gzip -6.
void fill_page(char* p, std::mt19937_64& rng, bool random_page) {
  if (random_page) {
    for (int i = 0; i < 4096; i += 8) {
      std::uint64_t v = rng();
      std::memcpy(p + i, &v, 8);
    }
    return;
  }
  int off = 0;
  while (off < 4096) {
    char rec[96];
    int n = std::snprintf(rec, sizeof rec, "block|height=%07llu|parent=%04x|burn=%03llu|status=ok|",
                          static_cast<unsigned long long>(rng() % 10000ULL),
                          static_cast<unsigned>(rng() & 0xfff),
                          static_cast<unsigned long long>(rng() % 100));
    int take = std::min(n, 4096 - off);
    std::memcpy(p + off, rec, take);
    off += take;
  }
}

int gen(const std::string& out, std::uint64_t raw_mib, const std::string& comp) {
  archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  archive_write_set_bytes_in_last_block(a, 1);
  if (comp == "zstd") {
    archive_write_add_filter_zstd(a);
  } else {
    archive_write_add_filter_gzip(a);
    archive_write_set_filter_option(a, "gzip", "compression-level", "6");
  }
  if (archive_write_open_filename(a, out.c_str()) != ARCHIVE_OK) {
    std::cerr << archive_error_string(a) << "\n";
    return 1;
  }
  std::mt19937_64 rng(7);
  const std::uint64_t total = raw_mib << 20;
  std::uint64_t written = 0;
  std::vector<char> buf(1 << 20);
  auto add = [&](const std::string& path, std::uint64_t size) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, path.c_str());
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, static_cast<la_int64_t>(size));
    archive_entry_set_mtime(e, 1700000000, 0);
    archive_write_header(a, e);
    archive_entry_free(e);
    std::uint64_t left = size;
    while (left > 0) {
      std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left, buf.size()));
      for (std::size_t off = 0; off < n; off += 4096) {
        char page[4096];
        fill_page(page, rng, rng() % 100 < kRandomPagePercent);
        std::memcpy(buf.data() + off, page, std::min<std::size_t>(4096, n - off));
      }
      archive_write_data(a, buf.data(), n);
      left -= n;
    }
    written += size;
  };
  auto dir = [&](const std::string& path) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, path.c_str());
    archive_entry_set_filetype(e, AE_IFDIR);
    archive_entry_set_perm(e, 0755);
    archive_write_header(a, e);
    archive_entry_free(e);
  };
  dir("mainnet");
  dir("mainnet/burnchain");
  dir("mainnet/burnchain/sortition");
  dir("mainnet/chainstate");
  dir("mainnet/chainstate/vm");
  dir("mainnet/chainstate/vm/clarity");
  dir("mainnet/chainstate/blocks");
  // 60% in a few large databases, 40% in many small block files (1-64 KiB).
  add("mainnet/burnchain/burnchain.sqlite", total * 10 / 100);
  add("mainnet/burnchain/sortition/marf.sqlite", total * 20 / 100);
  add("mainnet/chainstate/vm/clarity/marf.sqlite", total * 20 / 100);
  add("mainnet/chainstate/vm/index.sqlite", total * 10 / 100);
  std::set<std::string> dirs;
  std::uint64_t i = 0;
  while (written < total) {
    char d1[8], d2[8];
    std::snprintf(d1, sizeof d1, "%02x", static_cast<unsigned>(rng() % 256));
    std::snprintf(d2, sizeof d2, "%02x", static_cast<unsigned>(rng() % 64));
    std::string p1 = std::string("mainnet/chainstate/blocks/") + d1;
    std::string p2 = p1 + "/" + d2;
    if (dirs.insert(p1).second) dir(p1);
    if (dirs.insert(p2).second) dir(p2);
    add(p2 + "/" + std::to_string(i++),
        std::min<std::uint64_t>(total - written, 1024 + rng() % (64 << 10)));
  }
  archive_write_close(a);
  archive_write_free(a);
  std::cout << "files " << i + 4 << " raw_bytes " << written << " archive_bytes "
            << fs::file_size(out) << "\n";
  return 0;
}

int serve(const std::string& file, const std::string& port_file, double rate_mbps) {
  int fd = ::open(file.c_str(), O_RDONLY);
  if (fd < 0) {
    std::perror("open");
    return 1;
  }
  struct stat st {};
  ::fstat(fd, &st);
  auto size = static_cast<std::size_t>(st.st_size);
  const char* data = static_cast<const char*>(::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0));
  std::string name = "/" + fs::path(file).filename().string();
  const double rate = rate_mbps * 1e6;  // bytes per second
  httplib::Server server;
  server.Get(name, [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("ETag", "\"bench\"");
    auto start = std::make_shared<Clock::time_point>(Clock::now());
    auto sent = std::make_shared<std::uint64_t>(0);
    res.set_content_provider(
        size, "application/octet-stream",
        [=](size_t offset, size_t length, httplib::DataSink& sink) {
          std::size_t n = std::min<std::size_t>(length, 256 * 1024);
          if (rate > 0) {  // pace: never ahead of start + sent / rate
            auto due = *start + std::chrono::duration_cast<Clock::duration>(
                                    std::chrono::duration<double>(double(*sent) / rate));
            std::this_thread::sleep_until(due);
          }
          *sent += n;
          return sink.write(data + offset, n);
        });
  });
  int port = server.bind_to_any_port("127.0.0.1");
  { std::ofstream(port_file) << port << "\n"; }
  server.listen_after_bind();
  return 0;
}

r::ChunkSource file_source(const std::string& file, std::atomic<std::uint64_t>& read_bytes) {
  auto in = std::make_shared<std::ifstream>(file, std::ios::binary);
  return [in, &read_bytes]() -> std::optional<r::Chunk> {
    r::Chunk c(1 << 20);
    in->read(c.data(), static_cast<std::streamsize>(c.size()));
    c.resize(static_cast<std::size_t>(in->gcount()));
    if (c.empty()) return std::nullopt;
    read_bytes += c.size();
    return c;
  };
}

int inflate(const std::string& file) {
  auto t = Clock::now();
  archive* a = archive_read_new();
  archive_read_support_filter_gzip(a);
  archive_read_support_filter_zstd(a);
  archive_read_support_format_tar(a);
  if (archive_read_open_filename(a, file.c_str(), 1 << 20) != ARCHIVE_OK) return 1;
  archive_entry* e = nullptr;
  std::uint64_t raw = 0;
  while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
    const void* b = nullptr;
    size_t n = 0;
    la_int64_t off = 0;
    while (archive_read_data_block(a, &b, &n, &off) == ARCHIVE_OK)
      raw += n;
  }
  archive_read_free(a);
  double s = seconds_since(t);
  std::cout << "seconds " << s << " raw_bytes " << raw << "\n";
  return 0;
}

int extract(const std::string& file, const std::string& dir) {
  auto t = Clock::now();
  std::atomic<std::uint64_t> read_bytes{0};
  r::ExtractOptions o;
  fs::create_directories(dir);
  o.root = fs::canonical(dir);
  r::ExtractCounters counters;
  r::ExtractStats s;
  {
    r::Flusher flusher(o.root, counters.bytes, std::uint64_t{256} << 20);  // as the restore does
    s = r::extract_archive(file_source(file, read_bytes), o, counters);
  }
  ::sync();
  std::cout << "seconds " << seconds_since(t) << " raw_bytes " << s.bytes << " entries "
            << s.entries << "\n";
  return 0;
}

int fetch(const std::string& url) {
  auto t = Clock::now();
  snr::util::Sha256 h;
  net::DownloadHandlers handlers;
  handlers.on_data = [&](const char* d, std::size_t n) {
    h.update(d, n);
    return true;
  };
  net::DownloadResult res = net::download(url, net::DownloadPolicy{}, handlers);
  std::cout << "seconds " << seconds_since(t) << " bytes " << res.bytes << " sha256 "
            << h.final_hex() << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> a(argv + 1, argv + argc);
  try {
    if (a.size() >= 3 && a[0] == "gen")
      return gen(a[1], std::stoull(a[2]), a.size() > 3 ? a[3] : "gzip");
    if (a.size() == 4 && a[0] == "serve") return serve(a[1], a[2], std::stod(a[3]));
    if (a.size() == 2 && a[0] == "inflate") return inflate(a[1]);
    if (a.size() == 3 && a[0] == "extract") return extract(a[1], a[2]);
    if (a.size() == 2 && a[0] == "fetch") return fetch(a[1]);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  std::cerr << "usage: see the comment at the top of bench/restore_bench_tool.cpp\n";
  return 2;
}
