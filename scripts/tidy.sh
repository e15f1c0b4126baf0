#!/usr/bin/env bash
# clang-tidy over the given sources (default: every .cpp under src/), with the
# build's compile_commands.json. Not part of CI (it takes ~10 s per file on 2
# cores); run it on what you change: bash scripts/tidy.sh src/deploy/*.cpp
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[[ -f build/compile_commands.json ]] || cmake -S . -B build >/dev/null
if (($#)); then files=("$@"); else mapfile -t files < <(find src -name '*.cpp' | sort); fi
clang-tidy -p build --quiet "${files[@]}"
