#pragma once
/// The decompression stage of the restore pipeline, on its own thread so that inflating
/// and writing files (mostly kernel time) run on different cores: compressed chunks in,
/// tar bytes out. The compression is detected from the stream's magic by libarchive
/// (gzip, zstd, or none).

#include <string>

#include "agent/restore/byte_queue.h"
#include "agent/restore/extractor.h"

namespace snr::agent::restore {

/// Reads `in` to its end and pushes the decompressed bytes to `out` in chunks of about
/// `chunk_bytes`. Returns the compression found ("gzip", "zstd", "none"). Does not call
/// out.finish(). Throws snr::Failure for corrupt input, DownloadCancelled-like Failure when
/// `out` was cancelled, and rethrows what `in` threw.
std::string decompress_stream(const ChunkSource& in, ByteQueue& out,
                              std::size_t chunk_bytes = std::size_t{1} << 20);

}  // namespace snr::agent::restore
