#include "agent/restore/restore.h"

#include <condition_variable>
#include <csignal>
#include <functional>
#include <ctime>
#include <mutex>
#include <thread>
#include <utility>

#include <fcntl.h>
#include <fmt/format.h>
#include <pwd.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include "agent/restore/byte_queue.h"
#include "agent/restore/checksum.h"
#include "agent/restore/decompressor.h"
#include "agent/restore/extractor.h"
#include "agent/restore/flusher.h"
#include "agent/restore/restore_layout.h"
#include "util/hex.h"
#include "util/sha256.h"
#include "util/strings.h"

namespace snr::agent::restore {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;
using Owner = std::optional<std::pair<uid_t, gid_t>>;

std::optional<std::pair<uid_t, gid_t>> lookup_user(const std::string& name) {
  struct passwd pw {};
  struct passwd* found = nullptr;
  std::vector<char> buf(16384);
  if (::getpwnam_r(name.c_str(), &pw, buf.data(), buf.size(), &found) != 0 || found == nullptr) {
    return std::nullopt;
  }
  return std::make_pair(pw.pw_uid, pw.pw_gid);
}

std::string utc_now_iso() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

/// Shared by the download, extraction and progress threads.
struct Shared {
  std::atomic<std::uint64_t> downloaded{0};
  std::atomic<std::uint64_t> processed{0};
  std::atomic<std::uint64_t> total{0};  // 0: unknown
  std::atomic<unsigned> resumes{0};
  std::atomic<RestorePhase> phase{RestorePhase::starting};
  ExtractCounters extracted;
  Clock::time_point start = Clock::now();
};

RestoreProgress snapshot(const Shared& s, std::uint64_t last_bytes, double interval_seconds) {
  RestoreProgress p;
  p.phase = s.phase.load();
  p.downloaded_bytes = s.downloaded.load();
  if (std::uint64_t t = s.total.load(); t > 0) p.total_bytes = t;
  p.processed_bytes = s.processed.load();
  p.extracted_bytes = s.extracted.bytes.load(std::memory_order_relaxed);
  p.entries = s.extracted.entries.load(std::memory_order_relaxed);
  p.resumes = s.resumes.load();
  p.elapsed_seconds = std::chrono::duration<double>(Clock::now() - s.start).count();
  if (interval_seconds > 0)
    p.bytes_per_second = double(p.downloaded_bytes - last_bytes) / interval_seconds;
  if (p.elapsed_seconds > 0)
    p.average_bytes_per_second = double(p.downloaded_bytes) / p.elapsed_seconds;
  if (p.total_bytes && p.processed_bytes > 0 && p.elapsed_seconds > 0 &&
      p.phase == RestorePhase::downloading) {
    double processed_rate = double(p.processed_bytes) / p.elapsed_seconds;
    p.eta_seconds =
        double(*p.total_bytes - std::min(*p.total_bytes, p.processed_bytes)) / processed_rate;
  }
  return p;
}

/// Reports progress every interval from its own thread until stopped.
class ProgressReporter {
 public:
  ProgressReporter(const Shared& shared, ProgressSink& sink, spdlog::logger& log,
                   std::chrono::milliseconds interval)
      : shared_(shared), sink_(sink), log_(log), interval_(interval), thread_([this] { run(); }) {}
  ~ProgressReporter() { stop(); }
  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;

  void stop() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void run() {
    std::uint64_t last_bytes = 0;
    auto last = Clock::now();
    std::unique_lock lock(mu_);
    while (!cv_.wait_for(lock, interval_, [&] { return stopping_; })) {
      auto now = Clock::now();
      RestoreProgress p =
          snapshot(shared_, last_bytes, std::chrono::duration<double>(now - last).count());
      last_bytes = p.downloaded_bytes;
      last = now;
      log_.info("restore: {}", format_progress(p));
      try {
        sink_.on_progress(p);
      } catch (const std::exception& e) {
        log_.warn("restore: progress sink failed: {}", e.what());
      }
    }
  }

  const Shared& shared_;
  ProgressSink& sink_;
  spdlog::logger& log_;
  std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

std::atomic<bool> g_sigterm{false};

extern "C" void on_sigterm(int) {
  g_sigterm.store(true);
}

/// While a restore runs, SIGTERM (systemd stopping the agent) stops it cleanly: the
/// handler only sets a flag; a helper thread then calls `stop`, and the restore removes
/// its staging directory and fails. The previous disposition is restored afterwards.
class SigtermWatch {
 public:
  explicit SigtermWatch(std::function<void()> stop) : stop_(std::move(stop)) {
    g_sigterm = false;
    struct sigaction sa {};
    sa.sa_handler = on_sigterm;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    installed_ = ::sigaction(SIGTERM, &sa, &previous_) == 0;
    thread_ = std::thread([this] { run(); });
  }
  ~SigtermWatch() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    thread_.join();
    if (installed_) ::sigaction(SIGTERM, &previous_, nullptr);
  }
  SigtermWatch(const SigtermWatch&) = delete;
  SigtermWatch& operator=(const SigtermWatch&) = delete;
  bool received() const { return g_sigterm.load(); }

 private:
  void run() {
    std::unique_lock lock(mu_);
    while (!cv_.wait_for(lock, std::chrono::milliseconds(50), [&] { return stopping_; })) {
      if (g_sigterm.load()) {
        stop_();
        return;
      }
    }
  }

  std::function<void()> stop_;
  struct sigaction previous_ {};
  bool installed_ = false;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

/// The nearest existing directory at or above `p` (for free space before `p` exists).
fs::path existing_ancestor(fs::path p) {
  std::error_code ec;
  while (!p.empty() && !fs::exists(p, ec) && p.has_parent_path() && p.parent_path() != p)
    p = p.parent_path();
  return p.empty() ? fs::path(".") : p;
}

/// The expected checksum: given, or published beside the archive. Empty when none.
std::string expected_checksum(const RestoreOptions& o, const std::string& archive_url,
                              spdlog::logger& log) {
  if (!o.sha256.empty()) return util::to_lower(o.sha256);
  std::vector<std::string> tried;
  for (const std::string& url : checksum_urls(archive_url)) {
    tried.push_back(url);
    if (auto body = net::fetch_small_text(url, 64 * 1024, o.retry)) {
      std::string hex = parse_checksum_file(*body, url_basename(archive_url), url);
      log.info("restore: expecting SHA-256 {} (from {})", hex, url);
      return hex;
    }
  }
  if (!o.allow_unverified) {
    throw Failure(fmt::format(
        "no checksum is published for {} (tried {}); pass the archive's SHA-256 with --sha256 "
        "HEX, or --allow-unverified to restore an archive nobody can vouch for",
        archive_url, util::join(tried, ", ")));
  }
  log.warn("restore: ******************************************************************");
  log.warn("restore: NO CHECKSUM for {} (tried {}).", archive_url, util::join(tried, ", "));
  log.warn("restore: --allow-unverified: the chainstate will NOT be verified; a corrupt or");
  log.warn("restore: tampered archive would be extracted and used by the node.");
  log.warn("restore: ******************************************************************");
  return {};
}

/// A "-latest" URL that redirects to a dated archive becomes that archive's URL; anything
/// else stays as it is (a redirect to another name, e.g. a presigned storage URL, would
/// expire: the alias is then downloaded with its ETag pinned).
std::string resolve_latest(const RestoreOptions& o, spdlog::logger& log) {
  if (!is_latest_archive_name(url_basename(o.url))) return o.url;
  std::optional<std::string> to = net::redirect_target(o.url, o.retry);
  if (!to || !is_dated_archive_name(url_basename(*to))) return o.url;
  log.info("restore: {} is {} now; downloading that", o.url, *to);
  return *to;
}

void remove_quietly(const fs::path& p, spdlog::logger& log) {
  std::error_code ec;
  fs::remove_all(p, ec);
  if (ec) log.error("restore: could not remove {}: {}", p.string(), ec.message());
}

}  // namespace

Diagnostics validate_options(const RestoreOptions& o) {
  Diagnostics d;
  if (!(o.url.starts_with("http://") || o.url.starts_with("https://")) || o.url.size() < 9) {
    d.error("URL", fmt::format("'{}' is not an http:// or https:// URL", o.url));
  }
  if (o.dir.empty()) d.error("DIR", "the target directory is empty");
  if (!o.sha256.empty() && !util::is_hex(o.sha256, 64)) {
    d.error("--sha256",
            fmt::format("'{}' is not a SHA-256 checksum: expected 64 hex digits", o.sha256));
  }
  if (o.expansion_factor && !(*o.expansion_factor >= 1.0 && *o.expansion_factor <= 100.0)) {
    d.error("--expansion-factor",
            fmt::format("{} is out of range: expected a number from 1 to 100 (mainnet: {} for "
                        ".tar.zst, {} for .tar.gz)",
                        *o.expansion_factor, kZstdExpansionFactor, kGzipExpansionFactor));
  }
  if (!o.owner.empty() && !lookup_user(o.owner)) {
    d.error("--owner", fmt::format("no such user '{}' on this machine", o.owner));
  }
  if (o.buffer_bytes == 0) d.error("buffer_bytes", "must be positive");
  if (o.progress_interval.count() <= 0) d.error("progress_interval", "must be positive");
  return d;
}

RestoreResult restore_chainstate(const RestoreOptions& o, ProgressSink& progress) {
  if (Diagnostics d = validate_options(o); d.has_errors()) throw UserError(d.errors());
  auto log_ptr = o.log ? o.log
                       : std::make_shared<spdlog::logger>(
                             "restore", std::make_shared<spdlog::sinks::null_sink_mt>());
  spdlog::logger& log = *log_ptr;
  Shared shared;

  // DIR is created only once the archive's first bytes arrived: a restore that fails
  // before (no checksum, HTTP error, not enough space) leaves nothing behind.
  std::error_code ec;
  const bool dir_existed = fs::is_directory(o.dir, ec);
  fs::path dir = dir_existed ? fs::canonical(o.dir) : fs::weakly_canonical(o.dir, ec);
  if (ec) throw Failure(fmt::format("cannot use {}: {}", o.dir.string(), ec.message()));
  std::optional<DirLock> lock;
  if (dir_existed) lock.emplace(dir);

  RestoreResult result;
  result.url = o.url;
  if (auto marker = dir_existed ? read_completion_marker(dir) : std::nullopt) {
    for (const char* stale : {kStagingDirName, kSwitchJournalName})
      remove_quietly(dir / stale, log);
    log.info("restore: {} already holds a restored chainstate (from {} at {}); nothing to do",
             dir.string(), marker->url, marker->completed_at);
    result.already_restored = true;
    result.url = marker->url;
    result.sha256 = marker->sha256;
    result.verified = marker->verified;
    result.archive_bytes = marker->archive_bytes;
    result.extracted_bytes = marker->extracted_bytes;
    result.entries = marker->entries;
    result.top_level = marker->top_level;
    RestoreProgress p;
    p.phase = RestorePhase::done;
    progress.on_progress(p);
    return result;
  }
  if (dir_existed) {
    for (const std::string& r : clean_leftovers(dir))
      log.warn("restore: removed leftover {}", r);
  }

  Owner owner;
  if (!o.owner.empty()) {
    if (::geteuid() == 0) {
      owner = lookup_user(o.owner);
    } else {
      log.info("restore: not running as root: files keep this process's owner, not '{}'", o.owner);
    }
  }

  const std::string url = resolve_latest(o, log);
  result.url = url;
  const double expansion_factor =
      o.expansion_factor.value_or(expansion_factor_for(url_basename(url)));
  const std::string expected = expected_checksum(o, url, log);
  log.info("restore: {} -> {}", url, dir.string());

  const fs::path staging = dir / kStagingDirName;
  ByteQueue queue(o.buffer_bytes);
  util::Sha256 hasher;
  std::atomic<bool> cancel{false};
  net::DownloadResult downloaded;
  shared.phase = RestorePhase::downloading;

  net::DownloadHandlers handlers;
  handlers.on_response = [&](const net::RemoteObject& obj) {
    log.info("restore: archive {} bytes, ETag {}, Last-Modified {}",
             obj.size ? std::to_string(*obj.size) : "unknown", obj.etag.empty() ? "-" : obj.etag,
             obj.last_modified.empty() ? "-" : obj.last_modified);
    if (!obj.size) {
      log.warn("restore: the server sent no Content-Length: cannot check free space first");
      return;
    }
    shared.total = *obj.size;
    std::uint64_t available = o.free_space(existing_ancestor(dir));
    if (auto why = insufficient_space(dir, *obj.size, expansion_factor, available))
      throw Failure(*why);
  };
  handlers.on_data = [&](const char* data, std::size_t size) {
    hasher.update(data, size);
    shared.downloaded.fetch_add(size);
    return queue.push(Chunk(data, data + size));
  };
  handlers.on_retry = [&](unsigned n, std::uint64_t offset, const std::string& reason,
                          std::chrono::milliseconds delay) {
    shared.resumes = n;
    log.warn("restore: connection lost at byte {} ({}); resuming in {:.1f} s (retry {})", offset,
             reason, delay.count() / 1000.0, n);
  };

  std::thread downloader([&] {
    try {
      downloaded = net::download(url, o.retry, handlers, &cancel);
      queue.finish();
    } catch (...) {
      queue.finish(std::current_exception());
    }
  });
  ProgressReporter reporter(shared, progress, log, o.progress_interval);
  ByteQueue tar_queue(o.buffer_bytes);
  SigtermWatch sigterm([&] {
    log.warn("restore: SIGTERM: stopping; what was extracted is removed");
    cancel = true;
    queue.cancel();
    tar_queue.cancel();
  });
  bool created_dir = false;

  // Pipeline: download + SHA-256 (thread) -> queue -> decompress (thread) -> tar_queue ->
  // tar parsing + writing files (this thread).
  std::thread decompressor;
  std::string filter;
  ExtractStats stats;
  try {
    std::optional<Chunk> first = queue.pop();  // the download's failure, if it failed first
    if (!first) throw Failure(fmt::format("{} is empty", url));
    if (!dir_existed) {
      created_dir = fs::create_directories(o.dir, ec);
      if (ec) throw Failure(fmt::format("cannot create {}: {}", o.dir.string(), ec.message()));
      if (fs::canonical(o.dir) != dir) {
        throw Failure(fmt::format("{} changed while the restore started", o.dir.string()));
      }
      lock.emplace(dir);
      if (created_dir && owner && ::chown(dir.c_str(), owner->first, owner->second) != 0) {
        throw Failure(fmt::format("chown {}: {}", dir.string(), std::strerror(errno)));
      }
    }
    if (!fs::create_directory(staging)) throw Failure(fmt::format("{} exists", staging.string()));
    Flusher flusher(staging, shared.extracted.bytes, o.flush_every_bytes);
    decompressor = std::thread([&, first = std::move(first)]() mutable {
      try {
        ChunkSource compressed = [&]() -> std::optional<Chunk> {
          std::optional<Chunk> c = first ? std::exchange(first, std::nullopt) : queue.pop();
          if (c) shared.processed.fetch_add(c->size());
          return c;
        };
        filter = decompress_stream(compressed, tar_queue);
        while (compressed()) {
          // Bytes after the compressed stream still count for the checksum.
        }
        tar_queue.finish();
      } catch (...) {
        tar_queue.finish(std::current_exception());
        queue.cancel();
      }
    });
    ExtractOptions xo;
    xo.root = staging;
    xo.owner = owner;
    xo.on_top_level = [&](const std::string& top) {
      if (fs::exists(fs::symlink_status(dir / top))) {
        throw Failure(fmt::format(
            "{} already exists and the archive has an entry of that name; not replacing an "
            "existing chainstate: move it away (or remove it) and run again",
            (dir / top).string()));
      }
    };
    stats = extract_archive([&] { return tar_queue.pop(); }, xo, shared.extracted);
    while (tar_queue.pop()) {
      // Bytes after the end of the tar (padding) are not extracted.
    }
    decompressor.join();
    downloader.join();
  } catch (...) {
    cancel = true;
    tar_queue.cancel();
    queue.cancel();
    if (decompressor.joinable()) decompressor.join();
    if (downloader.joinable()) downloader.join();
    reporter.stop();
    remove_quietly(staging, log);
    if (created_dir) fs::remove(dir, ec);  // empty again: created by this restore
    if (sigterm.received()) {
      throw Failure(fmt::format("the restore of {} was stopped by SIGTERM; removed what was "
                                "extracted",
                                url));
    }
    throw;
  }
  if (sigterm.received()) {
    remove_quietly(staging, log);
    throw Failure(
        fmt::format("the restore of {} was stopped by SIGTERM; removed what was extracted", url));
  }
  stats.filter = filter;

  shared.phase = RestorePhase::verifying;
  std::string actual = hasher.final_hex();
  result.sha256 = actual;
  if (!expected.empty()) {
    if (actual != expected) {
      reporter.stop();
      remove_quietly(staging, log);
      throw Failure(fmt::format(
          "checksum mismatch for {}: expected SHA-256 {}, got {}; the archive is corrupt or was "
          "replaced while downloading; removed what was extracted",
          url, expected, actual));
    }
    result.verified = true;
    log.info("restore: SHA-256 verified: {}", actual);
  }
  std::string wanted_filter = filter_from_name(url_basename(url));
  if (!wanted_filter.empty() && wanted_filter != stats.filter) {
    log.warn("restore: the name says {} but the archive is {} compressed", wanted_filter,
             stats.filter);
  }

  shared.phase = RestorePhase::switching;
  std::vector<std::string> top(stats.top_level.begin(), stats.top_level.end());
  if (!o.network_dir.empty() &&
      !fs::is_directory(fs::symlink_status(staging / o.network_dir, ec))) {
    reporter.stop();
    remove_quietly(staging, log);
    throw Failure(fmt::format(
        "the archive {} holds no '{}/' directory (it holds {}): it is not a chainstate of this "
        "network; nothing was switched into place",
        url, o.network_dir, util::join(top, ", ")));
  }
  try {
    switch_into_place(dir, staging, top);
    CompletionMarker m;
    m.url = url;
    m.sha256 = actual;
    m.verified = result.verified;
    m.etag = downloaded.object.etag;
    m.last_modified = downloaded.object.last_modified;
    m.archive_bytes = downloaded.bytes;
    m.extracted_bytes = stats.bytes;
    m.entries = stats.entries;
    m.top_level = top;
    m.completed_at = utc_now_iso();
    write_completion_marker(dir, m, owner);
  } catch (...) {
    reporter.stop();
    for (const std::string& r : clean_leftovers(dir))
      log.warn("restore: removed {}", r);
    throw;
  }
  // The marker is written: the restore has succeeded. Tidying up can only warn.
  for (const fs::path& p : {dir / kSwitchJournalName, staging}) {
    if (fs::remove(p, ec); ec)
      log.warn("restore: could not remove {}: {}", p.string(), ec.message());
  }
  reporter.stop();

  shared.phase = RestorePhase::done;
  RestoreProgress final_progress = snapshot(shared, 0, 0);
  progress.on_progress(final_progress);
  result.archive_bytes = downloaded.bytes;
  result.extracted_bytes = stats.bytes;
  result.entries = stats.entries;
  result.resumes = downloaded.resumes;
  result.top_level = top;
  result.compression = stats.filter;
  result.seconds = final_progress.elapsed_seconds;
  log.info("restore: done: {} ({}) extracted into {} as {} in {}, {} resume(s)",
           format_bytes(double(result.archive_bytes)), stats.filter, dir.string(),
           util::join(top, ", "), format_duration(result.seconds), result.resumes);
  return result;
}

}  // namespace snr::agent::restore
