// `snr keys generate|show`, in-process through snr::cli::run and through the
// built binary.
#include <chrono>
#include <future>
#include <sstream>
#include <variant>

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/app.h"
#include "node/keys.h"
#include "support/temp_dir.h"
#include "util/strings.h"

namespace snr::cli {
namespace {

using snr::testing::read_file;
using snr::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

struct Result {
  int code = -1;
  std::string out;
  std::string err;
};

Result run_in_process(std::vector<std::string> args) {
  args.insert(args.begin(), "snr");
  std::vector<const char*> argv;
  for (const auto& a : args)
    argv.push_back(a.c_str());
  std::ostringstream out, err;
  Result r;
  r.code = run(static_cast<int>(argv.size()), argv.data(), out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

/// Runs the built snr binary with `umask` in effect; output goes through files in `dir`.
Result run_binary(const TempDir& dir, std::vector<std::string> args, mode_t mask = 022) {
  args.insert(args.begin(), SNR_BINARY);
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  auto out_path = dir / ".stdout", err_path = dir / ".stderr";
  pid_t pid = ::fork();
  if (pid == 0) {
    ::umask(mask);
    int o = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int e = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (o < 0 || e < 0 || ::dup2(o, 1) < 0 || ::dup2(e, 2) < 0) ::_exit(127);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  Result r;
  int status = 0;
  if (pid < 0 || ::waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return r;
  r.code = WEXITSTATUS(status);
  r.out = read_file(out_path);
  r.err = read_file(err_path);
  std::filesystem::remove(out_path);
  std::filesystem::remove(err_path);
  return r;
}

mode_t mode_of(const std::filesystem::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0);
  return st.st_mode & 07777;
}

/// "key: value" lines into a map; fails on any other line.
std::map<std::string, std::string> fields(const std::string& text) {
  std::map<std::string, std::string> m;
  for (const auto& line : util::split(util::trim(text), '\n')) {
    auto colon = line.find(": ");
    if (colon == std::string::npos) {
      ADD_FAILURE() << "not a 'key: value' line: " << line;
      continue;
    }
    m[line.substr(0, colon)] = line.substr(colon + 2);
  }
  return m;
}

node::PrivateKey parse_key(std::string_view hex) {
  auto r = node::PrivateKey::parse_hex(util::trim(hex));
  if (std::holds_alternative<node::KeyParseError>(r)) {
    throw std::runtime_error(std::get<node::KeyParseError>(r).message);
  }
  return std::get<node::PrivateKey>(r);
}

constexpr char kHex[] = "[0-9a-f]+";

TEST(KeysGenerate, WritesA0600FileAndPrintsOnlyPublicFacts) {
  TempDir dir;
  auto key_path = dir / "signer.key";
  Result r = run_in_process({"keys", "generate", "--out", key_path.string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(mode_of(key_path), 0600u);
  std::string file = read_file(key_path);
  EXPECT_THAT(file, MatchesRegex("[0-9a-f]{64}01\n"));

  auto f = fields(r.out);
  ASSERT_EQ(f.size(), 2u) << r.out;
  node::PublicKey pub = parse_key(file).public_key();
  EXPECT_EQ(f["public_key"], pub.hex());
  EXPECT_EQ(f["address"], pub.address(node::Network::mainnet).to_string());
  EXPECT_TRUE(f["address"].starts_with("SP"));
  EXPECT_THAT(r.err, HasSubstr(key_path.string()));
  // The secret is in the file only.
  std::string secret = file.substr(0, 64);
  EXPECT_THAT(r.out, Not(HasSubstr(secret)));
  EXPECT_THAT(r.err, Not(HasSubstr(secret)));
}

TEST(KeysGenerate, ShowOfTheGeneratedFileAgrees) {
  TempDir dir;
  auto key_path = dir / "k";
  for (const char* net : {"mainnet", "testnet"}) {
    std::filesystem::remove(key_path);
    Result g = run_in_process({"keys", "generate", "--network", net, "--out", key_path.string()});
    ASSERT_EQ(g.code, 0) << g.err;
    Result s = run_in_process({"keys", "show", "--network", net, "--file", key_path.string()});
    ASSERT_EQ(s.code, 0) << s.err;
    EXPECT_EQ(s.out, g.out);
    EXPECT_EQ(s.err, "");
    EXPECT_TRUE(fields(s.out)["address"].starts_with(std::string(net) == "mainnet" ? "SP" : "ST"));
  }
}

TEST(KeysGenerate, JsonOutput) {
  TempDir dir;
  auto key_path = dir / "k";
  Result g = run_in_process(
      {"keys", "generate", "--json", "--network", "testnet", "--out", key_path.string()});
  ASSERT_EQ(g.code, 0) << g.err;
  auto j = nlohmann::json::parse(g.out);
  ASSERT_EQ(j.size(), 3u) << g.out;
  EXPECT_EQ(j["network"], "testnet");
  node::PublicKey pub = parse_key(read_file(key_path)).public_key();
  EXPECT_EQ(j["public_key"], pub.hex());
  EXPECT_EQ(j["address"], pub.address(node::Network::testnet).to_string());

  Result s = run_in_process(
      {"keys", "show", "--json", "--network", "testnet", "--file", key_path.string()});
  ASSERT_EQ(s.code, 0) << s.err;
  EXPECT_EQ(nlohmann::json::parse(s.out), j);
}

TEST(KeysGenerate, ShowPrivatePrintsTheKeyThatMatches) {
  Result r = run_in_process({"keys", "generate", "--show-private"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto f = fields(r.out);
  ASSERT_EQ(f.size(), 3u);
  EXPECT_THAT(f["private_key"], MatchesRegex("[0-9a-f]{64}01"));
  node::PublicKey pub = parse_key(f["private_key"]).public_key();
  EXPECT_EQ(f["public_key"], pub.hex());
  EXPECT_EQ(f["address"], pub.address(node::Network::mainnet).to_string());

  Result j = run_in_process({"keys", "generate", "--show-private", "--json"});
  ASSERT_EQ(j.code, 0) << j.err;
  auto doc = nlohmann::json::parse(j.out);
  EXPECT_EQ(doc["public_key"], parse_key(doc["private_key"].get<std::string>()).public_key().hex());
}

TEST(KeysGenerate, OutAndShowPrivateTogether) {
  TempDir dir;
  Result r = run_in_process({"keys", "generate", "--show-private", "--out", (dir / "k").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(fields(r.out)["private_key"] + "\n", read_file(dir / "k"));
}

TEST(KeysGenerate, RefusesAKeyStoredNowhere) {
  Result r = run_in_process({"keys", "generate"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, HasSubstr("--out"));
  EXPECT_THAT(r.err, HasSubstr("--show-private"));
}

TEST(KeysGenerate, NeverOverwritesAndPrintsNothing) {
  TempDir dir;
  auto path = dir.write("k", "keep me\n");
  Result r = run_in_process({"keys", "generate", "--out", path.string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, HasSubstr("already exists"));
  EXPECT_EQ(read_file(path), "keep me\n");
}

TEST(KeysGenerate, RejectsBadFlags) {
  TempDir dir;
  Result r =
      run_in_process({"keys", "generate", "--network", "regtest", "--out", (dir / "k").string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("--network"));
  EXPECT_FALSE(std::filesystem::exists(dir / "k"));

  r = run_in_process({"keys", "generate", "--out", (dir / "missing" / "k").string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("does not exist"));
}

TEST(KeysShow, KnownKeyGivesTheStacksCoreAddresses) {
  TempDir dir;
  auto p = dir.write("signer-1.key",
                     "126e916e77359ccf521e168feea1fcb9626c59dc375cae00c7464303381c7dff01\n");
  Result m = run_in_process({"keys", "show", "--file", p.string()});
  ASSERT_EQ(m.code, 0) << m.err;
  EXPECT_EQ(m.out,
            "public_key: 0234bf42276b592b747f537fea12183a5c19c2bbdb32fa94f06dc1a7b2880aa915\n"
            "address: SP2YKEY90QRBJVQA0NG5VMSTKZQ9SZ5NF1NMJZDPG\n");
  Result t = run_in_process({"keys", "show", "--file", p.string(), "--network", "testnet"});
  ASSERT_EQ(t.code, 0) << t.err;
  EXPECT_THAT(t.out, HasSubstr("address: ST2YKEY90QRBJVQA0NG5VMSTKZQ9SZ5NF1P0P47R0\n"));
}

TEST(KeysShow, BadKeyFilesExit2WithoutShowingTheKey) {
  TempDir dir;
  const std::string k = "2de4e77aab89c0c2570bb8bb90824f5cf2a5204a975905fee450ff9dad0fcf28";
  for (const std::string& content : {k + "02\n", k.substr(0, 60) + "\n", std::string(),
                                     "0x" + k + "\n", std::string(64, 'f') + "\n"}) {
    auto p = dir.write("bad.key", content);
    Result r = run_in_process({"keys", "show", "--file", p.string()});
    EXPECT_EQ(r.code, 2) << content;
    EXPECT_EQ(r.out, "");
    EXPECT_THAT(r.err, HasSubstr("--file " + p.string()));
    EXPECT_THAT(r.err, Not(HasSubstr(k.substr(0, 16))));
    EXPECT_THAT(r.err, Not(HasSubstr(k.substr(48))));
  }
  Result missing = run_in_process({"keys", "show", "--file", (dir / "none").string()});
  EXPECT_EQ(missing.code, 2);
  Result no_flag = run_in_process({"keys", "show"});
  EXPECT_EQ(no_flag.code, 2);
  EXPECT_THAT(no_flag.err, HasSubstr("--file"));
}

TEST(KeysShow, BitcoinAddressesAMinerFunds) {
  // Review F6: the operator funds the miner's address; key 1's are the textbook ones.
  TempDir dir;
  auto p = dir.write("one.key", std::string(63, '0') + "1\n");
  Result m = run_in_process({"keys", "show", "--file", p.string(), "--bitcoin"});
  ASSERT_EQ(m.code, 0) << m.err;
  EXPECT_THAT(m.out, HasSubstr("bitcoin_address: 1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH  "));
  EXPECT_THAT(m.out,
              HasSubstr("bitcoin_address_segwit: bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4  "));
  Result t = run_in_process(
      {"keys", "show", "--file", p.string(), "--bitcoin", "--network", "testnet", "--json"});
  ASSERT_EQ(t.code, 0) << t.err;
  auto j = nlohmann::json::parse(t.out);
  EXPECT_EQ(j["bitcoin"]["p2pkh"], "mrCDrCybB6J1vRfbwM5hemdJz73FwDBC8r");
  EXPECT_EQ(j["bitcoin"]["p2wpkh"], "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080");
  Result plain = run_in_process({"keys", "show", "--file", p.string()});
  EXPECT_THAT(plain.out, Not(HasSubstr("bitcoin")));
}

TEST(KeysShow, RefusesAFifoWithoutWaitingForAWriter) {
  // Review F11: open() of a FIFO blocked until a writer came.
  TempDir dir;
  auto fifo = dir / "key.fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto shown = std::async(std::launch::async, [&] {
    return run_in_process({"keys", "show", "--file", fifo.string()});
  });
  if (shown.wait_for(std::chrono::seconds(5)) != std::future_status::ready) {
    ADD_FAILURE() << "keys show --file FIFO still waits after 5 s";
    int w = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);  // let it go
    if (w >= 0) ::close(w);
  }
  Result r = shown.get();
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("not a regular file"));
}

TEST(KeysShow, WarnsAboutAReadableKeyFile) {
  TempDir dir;
  using std::filesystem::perms;
  auto p = dir.write("k", "2de4e77aab89c0c2570bb8bb90824f5cf2a5204a975905fee450ff9dad0fcf28\n",
                     perms::owner_read | perms::owner_write | perms::others_read);
  Result r = run_in_process({"keys", "show", "--file", p.string()});
  EXPECT_EQ(r.code, 0);
  EXPECT_THAT(r.err, HasSubstr("warning: --file " + p.string() + ": mode 0604"));
  EXPECT_THAT(r.out, HasSubstr("address: SP1286C62P3TAWVQV2VM2CEGTRBQZSZ6MHMS9RW05\n"));
}

TEST(KeysBinary, GenerateUnderAStrictUmaskThenShow) {
  TempDir dir;
  auto key_path = dir / "miner.key";
  Result g = run_binary(dir, {"keys", "generate", "--out", key_path.string()}, 0277);
  ASSERT_EQ(g.code, 0) << g.err;
  EXPECT_EQ(mode_of(key_path), 0600u);
  auto f = fields(g.out);
  EXPECT_THAT(f["public_key"], MatchesRegex("0[23][0-9a-f]{64}"));
  EXPECT_THAT(f["address"], MatchesRegex("SP[0-9A-Z]+"));

  Result s = run_binary(dir, {"keys", "show", "--file", key_path.string()});
  ASSERT_EQ(s.code, 0) << s.err;
  EXPECT_EQ(s.out, g.out);

  Result again = run_binary(dir, {"keys", "generate", "--out", key_path.string()});
  EXPECT_EQ(again.code, 2);
  EXPECT_THAT(again.err, HasSubstr("already exists"));

  Result nowhere = run_binary(dir, {"keys", "generate"});
  EXPECT_EQ(nowhere.code, 2);
  EXPECT_EQ(nowhere.out, "");
}

}  // namespace
}  // namespace snr::cli
