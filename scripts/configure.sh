#!/usr/bin/env bash
# Configures the build tree `build/` the same way for every script (demo.sh,
# test.sh), so running one after the other reuses what the first compiled.
# Ninja on a new tree; an existing tree keeps its generator.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Optimized as shipped (-O2), with line tables only (-g1): backtraces and
# debuggers show functions, files and lines; full debug info (-g) costs a
# quarter more compile time. For variables in gdb: -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g".
args=(-DSNR_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG" "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG")
[[ -f build/CMakeCache.txt ]] || args+=(-G Ninja)
cmake -S . -B build "${args[@]}" "$@" >/dev/null
