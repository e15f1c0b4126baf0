#!/usr/bin/env bash
# Installs what snr needs to build and test on Debian 12. Idempotent: when all
# is present it only checks and returns (well under a second).
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config ccache clang
  # libraries (found by find_package / pkg-config)
  nlohmann-json3-dev libtomlplusplus-dev libcli11-dev libspdlog-dev libfmt-dev
  libpugixml-dev libcurl4-openssl-dev libssl-dev libsecp256k1-dev libarchive-dev
  nettle-dev libacl1-dev libzstd-dev liblz4-dev libbz2-dev liblzma-dev zlib1g-dev libxml2-dev
  libcpp-httplib-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev shellcheck jq curl zip unzip
  binutils xz-utils zstd python3 openssl
  # agent bootstrap tests: mkfs.xfs and blkid on a file, systemd-analyze verify on the units
  xfsprogs util-linux e2fsprogs systemd hyperfine time
  # bench/restore_bench.sh (the blueprint's approach, arithmetic)
  wget bc
  # snr diagram --format svg|png runs Graphviz's dot
  graphviz
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  echo "install-deps: installing ${missing[*]}" >&2
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Python tools used by the tests: a local AWS emulator, the AWS CLI, cfn-lint.
py_missing=()
command -v moto_server >/dev/null || py_missing+=("moto[server]")
command -v aws >/dev/null || py_missing+=("awscli")
command -v cfn-lint >/dev/null || py_missing+=("cfn-lint")
if ((${#py_missing[@]})); then
  echo "install-deps: installing ${py_missing[*]} with pip" >&2
  if ! python3 -m pip install --quiet "${py_missing[@]}"; then
    echo "install-deps: could not install ${py_missing[*]}; install them with: pip install ${py_missing[*]}" >&2
    exit 1
  fi
fi
