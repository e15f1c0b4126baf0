#include "agent/restore/archive_input.h"

#include <cerrno>

namespace snr::agent::restore {

la_ssize_t chunk_read_callback(archive* a, void* user, const void** buffer) {
  auto& in = *static_cast<ChunkInput*>(user);
  try {
    do {
      in.current = (*in.source)();
    } while (in.current && in.current->empty());
  } catch (...) {
    in.error = std::current_exception();
    archive_set_error(a, EIO, "input failed");
    return -1;
  }
  if (!in.current) return 0;
  *buffer = in.current->data();
  return static_cast<la_ssize_t>(in.current->size());
}

}  // namespace snr::agent::restore
