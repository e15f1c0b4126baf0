#include "node/keys_store.h"

#include <variant>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "support/temp_dir.h"

namespace snr::node {
namespace {

using snr::testing::read_file;
using snr::testing::TempDir;
using ::testing::HasSubstr;

constexpr char kKey64[] = "2de4e77aab89c0c2570bb8bb90824f5cf2a5204a975905fee450ff9dad0fcf28";
constexpr char kAddress[] = "SP1286C62P3TAWVQV2VM2CEGTRBQZSZ6MHMS9RW05";

mode_t mode_of(const std::filesystem::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0);
  return st.st_mode & 07777;
}

/// The single error message of a UserError thrown by `f`.
template <typename F>
std::string user_error(F&& f) {
  try {
    f();
  } catch (const UserError& e) {
    EXPECT_EQ(e.diagnostics().size(), 1u);
    return e.diagnostics().at(0).to_string();
  }
  ADD_FAILURE() << "no UserError";
  return {};
}

PrivateKey load(const std::filesystem::path& p, Diagnostics* warnings = nullptr) {
  Diagnostics local;
  return KeyFileStore(p, "--file").load(warnings ? *warnings : local);
}

TEST(KeyFileStore, StoreWritesTheKeyAsOneLineWithMode0600) {
  TempDir dir;
  PrivateKey key = PrivateKey::generate();
  KeyFileStore store(dir / "signer.key", "--out");
  Diagnostics problems;
  store.check_can_store(problems);
  EXPECT_FALSE(problems.has_errors());
  store.store(key);
  EXPECT_EQ(mode_of(dir / "signer.key"), 0600u);
  std::string text = read_file(dir / "signer.key");
  EXPECT_EQ(text, key.reveal_hex() + "\n");
  Diagnostics warnings;
  EXPECT_EQ(store.load(warnings), key);
  EXPECT_TRUE(warnings.items().empty());
}

TEST(KeyFileStore, ModeIs0600WhateverTheUmask) {
  TempDir dir;
  for (mode_t mask : {mode_t{0}, mode_t{0277}, mode_t{0777}}) {
    mode_t old = ::umask(mask);
    std::string name = "k" + std::to_string(mask);
    KeyFileStore(dir / name).store(PrivateKey::generate());
    ::umask(old);
    EXPECT_EQ(mode_of(dir / name), 0600u) << "umask " << mask;
  }
}

TEST(KeyFileStore, NeverOverwrites) {
  TempDir dir;
  auto path = dir.write("existing.key", "not a key, but precious\n");
  KeyFileStore store(path, "--out");
  Diagnostics problems;
  store.check_can_store(problems);
  ASSERT_TRUE(problems.has_errors());
  EXPECT_THAT(problems.errors()[0].to_string(), HasSubstr("--out " + path.string()));
  EXPECT_THAT(problems.errors()[0].to_string(), HasSubstr("already exists"));
  // Even when the check was skipped (a race), store() does not replace it.
  EXPECT_THAT(user_error([&] { store.store(PrivateKey::generate()); }),
              HasSubstr("already exists"));
  EXPECT_EQ(read_file(path), "not a key, but precious\n");
}

TEST(KeyFileStore, DoesNotFollowADanglingSymlink) {
  TempDir dir;
  std::filesystem::create_symlink(dir / "target.key", dir / "link.key");
  KeyFileStore store(dir / "link.key");
  Diagnostics problems;
  store.check_can_store(problems);
  EXPECT_TRUE(problems.has_errors());
  EXPECT_THROW(store.store(PrivateKey::generate()), UserError);
  EXPECT_FALSE(std::filesystem::exists(dir / "target.key"));
}

TEST(KeyFileStore, ReportsAMissingDirectoryBeforeGenerating) {
  TempDir dir;
  KeyFileStore store(dir / "nope" / "k.key", "--out");
  Diagnostics problems;
  store.check_can_store(problems);
  ASSERT_TRUE(problems.has_errors());
  EXPECT_THAT(problems.errors()[0].to_string(), HasSubstr("does not exist"));
  EXPECT_THROW(store.store(PrivateKey::generate()), UserError);

  dir.write("file", "x");
  Diagnostics problems2;
  KeyFileStore(dir / "file" / "k.key").check_can_store(problems2);
  ASSERT_TRUE(problems2.has_errors());
  EXPECT_THAT(problems2.errors()[0].to_string(), HasSubstr("is not a directory"));
}

TEST(KeyFileStore, LoadToleratesWhitespaceAndBothLengths) {
  TempDir dir;
  for (const std::string& text :
       {std::string(kKey64), std::string(kKey64) + "\n", std::string(kKey64) + "01\n",
        "  " + std::string(kKey64) + "\r\n\n", "\t" + std::string(kKey64) + "01 "}) {
    auto p = dir.write("k", text);
    EXPECT_EQ(load(p).public_key().address(Network::mainnet).to_string(), kAddress)
        << "content: '" << text << "'";
  }
}

TEST(KeyFileStore, LoadWarnsAboutFilesOthersCanAccess) {
  TempDir dir;
  using std::filesystem::perms;
  auto p =
      dir.write("k", std::string(kKey64) + "\n",
                perms::owner_read | perms::owner_write | perms::group_read | perms::others_read);
  Diagnostics warnings;
  load(p, &warnings);
  ASSERT_EQ(warnings.items().size(), 1u);
  EXPECT_FALSE(warnings.has_errors());
  EXPECT_THAT(warnings.items()[0].to_string(), HasSubstr("mode 0644"));
  EXPECT_THAT(warnings.items()[0].to_string(), HasSubstr("chmod 600 " + p.string()));

  auto q = dir.write("k2", std::string(kKey64) + "\n", perms::owner_read | perms::group_write);
  Diagnostics warnings2;
  load(q, &warnings2);
  EXPECT_EQ(warnings2.items().size(), 1u);

  auto r = dir.write("k3", std::string(kKey64) + "\n", perms::owner_read);
  Diagnostics warnings3;
  load(r, &warnings3);
  EXPECT_TRUE(warnings3.items().empty());
}

TEST(KeyFileStore, LoadRejectsBadFilesWithoutShowingTheirContents) {
  TempDir dir;
  const std::string k(kKey64);
  struct Case {
    std::string content;
    std::string expected;
  } cases[] = {
      {"", "is empty"},
      {" \n\n", "is empty"},
      {k + "\n" + k + "\n", "more than one line"},
      {k + "02\n", "33rd byte is 02, not 01"},
      {k.substr(0, 62) + "\n", "62 hex digits"},
      {k + "0\n", "65 hex digits"},
      {"0x" + k + "\n", "not a hex digit"},
      {"-----BEGIN EC PRIVATE KEY-----\n", "not a hex digit"},
      {std::string(64, 'f') + "\n", "not below the curve order"},
      {std::string(64, '0') + "\n", "it is zero"},
      {std::string(5000, 'a'), "bytes; a key file holds one line"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.expected);
    auto p = dir.write("bad.key", c.content);
    std::string msg = user_error([&] { load(p); });
    EXPECT_THAT(msg, HasSubstr("--file " + p.string()));
    EXPECT_THAT(msg, HasSubstr(c.expected));
    EXPECT_THAT(msg, ::testing::Not(HasSubstr(k.substr(0, 16))));
    EXPECT_THAT(msg, ::testing::Not(HasSubstr(k.substr(40, 16))));
  }
}

TEST(KeyFileStore, LoadRejectsMissingFilesAndDirectories) {
  TempDir dir;
  EXPECT_THAT(user_error([&] { load(dir / "missing.key"); }), HasSubstr("No such file"));
  EXPECT_THAT(user_error([&] { load(dir.path()); }), HasSubstr("not a regular file"));
}

}  // namespace
}  // namespace snr::node
