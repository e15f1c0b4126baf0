#pragma once
/// Feeding libarchive from a ChunkSource without copying: the one read
/// callback the decompressor and the extractor share.

#include <exception>
#include <memory>
#include <optional>

#include <archive.h>

#include "agent/restore/extractor.h"  // ChunkSource

namespace snr::agent::restore {

/// Frees a libarchive reader.
struct ArchiveReadFree {
  void operator()(archive* a) const { archive_read_free(a); }
};
using ArchiveReader = std::unique_ptr<archive, ArchiveReadFree>;

/// The client data of chunk_read_callback: where chunks come from, the chunk
/// libarchive is reading now, and the source's exception if it threw (libarchive
/// only sees "input failed"; rethrow `error` after a failed libarchive call).
struct ChunkInput {
  const ChunkSource* source = nullptr;
  std::optional<Chunk> current;
  std::exception_ptr error;
};

/// archive_read_open's read callback over a ChunkInput (skips empty chunks; 0 at the end).
la_ssize_t chunk_read_callback(archive* a, void* user, const void** buffer);

}  // namespace snr::agent::restore
