/// `snr agent restore-chainstate URL DIR`: restores a published chainstate archive into the
/// node's working directory (src/agent/restore/restore.h).

#include <memory>

#include <fmt/format.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "agent/restore/restore.h"
#include "cli/command.h"
#include "util/error.h"
#include "util/strings.h"

namespace snr::cli {

namespace {

struct RestoreFlags {
  std::string url;
  std::string dir;
  std::string sha256;
  std::string owner;
  std::optional<double> expansion_factor;  ///< unset: by format (zstd 4.3, gzip 2.7)
  bool allow_unverified = false;
  double progress_seconds = 10;
};

void run_restore(const RestoreFlags& f, Io io) {
  namespace r = agent::restore;
  r::RestoreOptions o;
  o.url = f.url;
  o.dir = f.dir;
  o.sha256 = f.sha256;
  o.owner = f.owner;
  o.expansion_factor = f.expansion_factor;
  o.allow_unverified = f.allow_unverified;
  Diagnostics d = r::validate_options(o);
  if (!(f.progress_seconds > 0 && f.progress_seconds <= 3600)) {
    d.error("--progress-interval",
            fmt::format("{} is out of range: expected seconds from 0 to 3600", f.progress_seconds));
  }
  if (d.has_errors()) throw UserError(d.errors());
  o.progress_interval =
      std::chrono::milliseconds(static_cast<long long>(f.progress_seconds * 1000));

  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(io.err, /*force_flush=*/true);
  o.log = std::make_shared<spdlog::logger>("restore", sink);
  o.log->set_pattern("%Y-%m-%dT%H:%M:%S %l %v");

  r::NullProgressSink progress;  // the log carries progress here; the agent publishes metrics
  r::RestoreResult res = r::restore_chainstate(o, progress);
  if (res.already_restored) {
    io.out << fmt::format("already restored: {} holds {} from {} (sha256 {}{}); nothing done\n",
                          f.dir, util::join(res.top_level, ", "), res.url, res.sha256,
                          res.verified ? ", verified" : ", NOT verified");
    return;
  }
  io.out << fmt::format(
      "restored {} into {}: {} ({} bytes, {}), {} entries, {} bytes extracted, sha256 {} ({}), "
      "{} resume(s), {:.1f} s\n",
      res.url, f.dir, util::join(res.top_level, ", "), res.archive_bytes, res.compression,
      res.entries, res.extracted_bytes, res.sha256, res.verified ? "verified" : "NOT verified",
      res.resumes, res.seconds);
}

}  // namespace

void add_agent_restore_command(CLI::App& agent, Io io) {
  auto flags = std::make_shared<RestoreFlags>();
  CLI::App* cmd = agent.add_subcommand(
      "restore-chainstate",
      "Download a chainstate archive (.tar.gz/.tar.zst) and extract it into DIR in one verified, "
      "resumable pass");
  cmd->add_option("URL", flags->url,
                  "http(s) URL of the archive, e.g. "
                  "https://archive.hiro.so/mainnet/stacks-blockchain/"
                  "mainnet-stacks-blockchain-latest.tar.zst")
      ->required();
  cmd->add_option("DIR", flags->dir,
                  "the node's working_dir; the archive's top level (e.g. mainnet/) lands in it")
      ->required();
  cmd->add_option("--sha256", flags->sha256,
                  "expected SHA-256 of the archive (default: the published sibling .sha256)");
  cmd->add_option("--owner", flags->owner, "user to own the extracted files (when run as root)");
  cmd->add_option("--expansion-factor", flags->expansion_factor,
                  "extracted size / archive size, for the free-space check (default: 4.3 for "
                  ".tar.zst, 2.7 for .tar.gz)");
  cmd->add_flag("--allow-unverified", flags->allow_unverified,
                "restore even when no checksum is published (NOT recommended)");
  cmd->add_option("--progress-interval", flags->progress_seconds, "seconds between progress lines")
      ->capture_default_str();
  cmd->callback([flags, io] { run_restore(*flags, io); });
}

}  // namespace snr::cli
