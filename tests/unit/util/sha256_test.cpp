#include "util/sha256.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "util/error.h"

namespace snr::util {
namespace {

const std::string kHex = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

TEST(Sha256, KnownVectorsAndIncrementalUpdates) {
  EXPECT_EQ(sha256_hex("test"), kHex);
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Sha256 h;
  h.update("te");
  h.update("");
  h.update("st");
  EXPECT_EQ(h.final_hex(), kHex);
  EXPECT_THROW(h.update("x"), Failure);
}

TEST(Sha256, FileHashEqualsMemoryHash) {
  auto path = std::filesystem::temp_directory_path() / "snr_sha256_test.bin";
  std::string data(200000, 'q');
  data += "tail";
  { std::ofstream(path, std::ios::binary) << data; }
  EXPECT_EQ(sha256_file_hex(path), sha256_hex(data));
  std::filesystem::remove(path);
  EXPECT_THROW(sha256_file_hex(path), Failure);
}

}  // namespace
}  // namespace snr::util
