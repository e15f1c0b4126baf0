#!/usr/bin/env bash
# Cross-builds the snr binary for arm64 (Graviton, Amazon Linux 2023) on a
# Debian 12 x86_64 machine, then smoke-tests it under qemu-user. Output:
# build-arm64/src/snr. Needs root (or sudo) for the packages: it adds the
# arm64 architecture to dpkg and installs the ":arm64" -dev packages.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

sudo=()
if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
dev=(libtomlplusplus-dev libspdlog-dev libfmt-dev libpugixml-dev libcurl4-openssl-dev libssl-dev
  libsecp256k1-dev libarchive-dev nettle-dev libacl1-dev libzstd-dev liblz4-dev libbz2-dev
  liblzma-dev zlib1g-dev libxml2-dev)
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  "${sudo[@]}" dpkg --add-architecture arm64
  "${sudo[@]}" apt-get update -qq
fi
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
  g++-aarch64-linux-gnu qemu-user-static nlohmann-json3-dev libcli11-dev \
  "${dev[@]/%/:arm64}" >/dev/null

cmake -S . -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/aarch64-linux-gnu.cmake \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSNR_BUILD_TESTS=OFF -DSNR_BUILD_BENCH=OFF -DSNR_WERROR=ON >/dev/null
cmake --build build-arm64 -j"${JOBS:-2}" --target snr

bin=build-arm64/src/snr
file "$bin" 2>/dev/null || true
echo "NEEDED: $(aarch64-linux-gnu-objdump -p "$bin" | awk '/NEEDED/ {printf "%s ", $2}')"
echo "newest glibc symbol: $(aarch64-linux-gnu-objdump -T "$bin" | grep -o 'GLIBC_[0-9.]*' | sort -V | tail -1)"
if aarch64-linux-gnu-objdump -p "$bin" | grep -q 'CURL_'; then
  echo "error: $bin requires a libcurl symbol version" >&2
  exit 1
fi
# Smoke test: the arm64 binary runs (qemu-user, arm64 libraries from multiarch).
qemu-aarch64-static -L /usr/aarch64-linux-gnu "$bin" --version
qemu-aarch64-static -L /usr/aarch64-linux-gnu "$bin" agent run --once --no-publish \
  --node-rpc http://127.0.0.1:9 | grep -q '"status":"node-down"'
echo "arm64 smoke test passed"
