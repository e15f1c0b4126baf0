#include "agent/restore/decompressor.h"

#include <cerrno>
#include <cstring>
#include <memory>

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>

#include "agent/restore/archive_input.h"
#include "util/error.h"

namespace snr::agent::restore {

std::string decompress_stream(const ChunkSource& source, ByteQueue& out, std::size_t chunk_bytes) {
  ArchiveReader a(archive_read_new());
  if (!a) throw Failure("libarchive: out of memory");
  archive_read_support_filter_gzip(a.get());
  archive_read_support_filter_zstd(a.get());
  archive_read_support_filter_none(a.get());
  archive_read_support_format_raw(a.get());  // the whole decompressed stream as one entry
  ChunkInput in{&source, std::nullopt, nullptr};
  auto failure = [&](const std::string& what) -> Failure {
    if (in.error) std::rethrow_exception(in.error);
    const char* msg = archive_error_string(a.get());
    return Failure(fmt::format("{}: {} (the archive is corrupt or truncated)", what,
                               msg != nullptr ? msg : "unknown libarchive error"));
  };
  if (archive_read_open(a.get(), &in, nullptr, chunk_read_callback, nullptr) != ARCHIVE_OK) {
    throw failure("cannot read the archive");
  }
  archive_entry* entry = nullptr;
  int r = archive_read_next_header(a.get(), &entry);
  if (r == ARCHIVE_EOF) return "none";  // empty input: the extractor reports it
  if (r < ARCHIVE_WARN) throw failure("cannot decompress the archive");
  const char* name = archive_filter_name(a.get(), 0);
  std::string filter = name != nullptr ? name : "";

  Chunk chunk;
  chunk.reserve(chunk_bytes);
  auto flush = [&] {
    if (chunk.empty()) return;
    if (!out.push(std::move(chunk))) throw Failure("decompression stopped");
    chunk = Chunk();
    chunk.reserve(chunk_bytes);
  };
  while (true) {
    const void* buf = nullptr;
    size_t size = 0;
    la_int64_t offset = 0;
    r = archive_read_data_block(a.get(), &buf, &size, &offset);
    if (r == ARCHIVE_EOF) break;
    if (r < ARCHIVE_WARN) throw failure("cannot decompress the archive");
    const char* p = static_cast<const char*>(buf);
    while (size > 0) {
      std::size_t take = std::min(size, chunk_bytes - chunk.size());
      chunk.insert(chunk.end(), p, p + take);
      p += take;
      size -= take;
      if (chunk.size() >= chunk_bytes) flush();
    }
  }
  flush();
  return filter;
}

}  // namespace snr::agent::restore
