# Third-party dependencies, all from Debian 12 -dev packages.
#
# The snr binary also runs on Amazon Linux 2023 as the node agent, so it may
# only need shared libraries a minimal AL2023 has (glibc, libcurl, OpenSSL 3,
# zlib, xz, zstd, bzip2, lz4, libacl, libxml2). Everything else is linked
# statically or used header-only; see README "Portability".
find_package(Threads REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(tomlplusplus 3 REQUIRED)
find_package(CLI11 2 REQUIRED)
find_package(fmt 9 REQUIRED)
find_package(spdlog 1.10 REQUIRED)
find_package(pugixml 1.13 REQUIRED)
find_package(CURL 7.75 REQUIRED)  # 7.75 added CURLOPT_AWS_SIGV4
find_package(OpenSSL 3 REQUIRED)
find_package(PkgConfig REQUIRED)

# toml++: Debian ships it as a shared library; we compile its implementation
# into one translation unit of our own (src/node/toml_impl.cpp) instead.
add_library(snr_dep_toml INTERFACE)
get_target_property(_toml_inc tomlplusplus::tomlplusplus INTERFACE_INCLUDE_DIRECTORIES)
target_include_directories(snr_dep_toml SYSTEM INTERFACE ${_toml_inc})
target_compile_definitions(snr_dep_toml INTERFACE TOML_HEADER_ONLY=0 TOML_EXCEPTIONS=1)

# fmt and spdlog header-only (Debian ships only shared libraries).
add_library(snr_dep_log INTERFACE)
get_target_property(_spdlog_inc spdlog::spdlog_header_only INTERFACE_INCLUDE_DIRECTORIES)
target_include_directories(snr_dep_log SYSTEM INTERFACE ${_spdlog_inc})
target_compile_definitions(snr_dep_log INTERFACE SPDLOG_FMT_EXTERNAL)
target_link_libraries(snr_dep_log INTERFACE fmt::fmt-header-only Threads::Threads)

# Static archives for the libraries AL2023 does not have.
function(snr_static_library out name)
  find_library(${out} NAMES lib${name}.a REQUIRED)
endfunction()
snr_static_library(SNR_SECP256K1_A secp256k1)
snr_static_library(SNR_ARCHIVE_A archive)
snr_static_library(SNR_NETTLE_A nettle)
# Debian's libbz2 soname is libbz2.so.1.0; Fedora/AL2023 ship only libbz2.so.1.
snr_static_library(SNR_BZ2_A bz2)
pkg_check_modules(SNR_ARCHIVE_PC REQUIRED libarchive)

add_library(snr_dep_secp256k1 INTERFACE)
target_link_libraries(snr_dep_secp256k1 INTERFACE ${SNR_SECP256K1_A})

# libarchive.a needs nettle (static) and compression libraries AL2023 has.
add_library(snr_dep_archive INTERFACE)
target_include_directories(snr_dep_archive SYSTEM INTERFACE ${SNR_ARCHIVE_PC_INCLUDE_DIRS})
target_link_libraries(snr_dep_archive INTERFACE ${SNR_ARCHIVE_A} ${SNR_NETTLE_A}
                      acl lzma zstd lz4 ${SNR_BZ2_A} z xml2)

# libcurl: the real one, or an unversioned stub for the snr binary (see the file).
include(SnrCurlStub)

# cpp-httplib (Debian: shared library) is for tests only: fixtures and fakes.
pkg_check_modules(SNR_HTTPLIB IMPORTED_TARGET cpp-httplib)
