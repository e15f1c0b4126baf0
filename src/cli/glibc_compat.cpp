// Keeps the snr binary within glibc 2.34 (Amazon Linux 2023) although it is
// built on Debian 12 (glibc 2.36): three functions that static archives would
// otherwise import from a newer glibc are defined here, in the executable
// itself, so the linker resolves them locally (docs/agent.md, "Portability"):
//  - arc4random, arc4random_buf (GLIBC_2.36): libarchive's random
//    numbers; implemented with getrandom(2) (GLIBC_2.25).
//  - _dl_find_object (GLIBC_2.35): GCC 12's static unwinder (libgcc_eh) finds
//    the .eh_frame_hdr of the code being unwound with it; implemented with
//    dl_iterate_phdr (GLIBC_2.2.5), as the unwinder did before glibc 2.35.
// Linked into the snr executable only (not snr_core), see src/CMakeLists.txt.

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include <dlfcn.h>
#include <link.h>
#include <sys/random.h>

extern "C" {

void arc4random_buf(void* buf, std::size_t n) noexcept {
  auto* p = static_cast<unsigned char*>(buf);
  while (n > 0) {
    const ssize_t got = getrandom(p, n, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      std::abort();  // no kernel randomness: nothing safe to return
    }
    p += got;
    n -= static_cast<std::size_t>(got);
  }
}

std::uint32_t arc4random() noexcept {
  std::uint32_t v = 0;
  arc4random_buf(&v, sizeof v);
  return v;
}

namespace {

struct FindObject {
  std::uintptr_t pc;
  dl_find_object* out;
  bool found;
};

int find_object(dl_phdr_info* info, std::size_t /*size*/, void* data) {
  auto* f = static_cast<FindObject*>(data);
  std::uintptr_t lo = UINTPTR_MAX, hi = 0;
  bool contains = false;
  const ElfW(Phdr)* eh = nullptr;
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    if (ph.p_type == PT_LOAD) {
      const std::uintptr_t start = info->dlpi_addr + ph.p_vaddr;
      const std::uintptr_t end = start + ph.p_memsz;
      if (start < lo) lo = start;
      if (end > hi) hi = end;
      if (f->pc >= start && f->pc < end) contains = true;
    } else if (ph.p_type == PT_GNU_EH_FRAME) {
      eh = &ph;
    }
  }
  if (!contains) return 0;
  f->out->dlfo_flags = 0;
  f->out->dlfo_map_start = reinterpret_cast<void*>(lo);
  f->out->dlfo_map_end = reinterpret_cast<void*>(hi);
  f->out->dlfo_link_map = nullptr;
  f->out->dlfo_eh_frame =
      eh != nullptr ? reinterpret_cast<void*>(info->dlpi_addr + eh->p_vaddr) : nullptr;
#if DLFO_STRUCT_HAS_EH_DBASE
  f->out->dlfo_eh_dbase = nullptr;
#endif
  f->found = true;
  return 1;
}

}  // namespace

int _dl_find_object(void* address, dl_find_object* result) noexcept {
  FindObject f{reinterpret_cast<std::uintptr_t>(address), result, false};
  dl_iterate_phdr(find_object, &f);
  return f.found ? 0 : -1;
}

}  // extern "C"
