#!/usr/bin/env bash
# Configures the build tree `build/` the same way for every script (demo.sh,
# test.sh), so running one after the other reuses what the first compiled.
# Ninja on a new tree; an existing tree keeps its generator.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

args=(-DSNR_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo)
[[ -f build/CMakeCache.txt ]] || args+=(-G Ninja)
cmake -S . -B build "${args[@]}" "$@" >/dev/null
