#include "net/url.h"

#include <gtest/gtest.h>

namespace snr::net {
namespace {

TEST(Url, HttpAndHttpsWithAHostOnly) {
  EXPECT_TRUE(is_http_url("https://archive.hiro.so/mainnet/stacks-blockchain/x.tar.zst"));
  EXPECT_TRUE(is_http_url("http://127.0.0.1:8080/a"));
  EXPECT_TRUE(is_http_url("HTTPS://example.com"));
  EXPECT_FALSE(is_http_url("ftp://example.com/a"));
  EXPECT_FALSE(is_http_url("file:///etc/passwd"));
  EXPECT_FALSE(is_http_url("example.com/a"));
  EXPECT_FALSE(is_http_url("https://"));
  EXPECT_FALSE(is_http_url("https://exa mple.com/"));
  EXPECT_FALSE(is_http_url("https://example.com/\n"));
  EXPECT_FALSE(is_http_url(""));
}

TEST(Url, OnlyWhatEveryParserReadsTheSameWay) {
  EXPECT_TRUE(is_http_url("https://x.example/a%20b.tar.zst?v=1&w=[2]"));
  EXPECT_FALSE(is_http_url("https://x/a.tar.gz;curl${IFS}evil|sh"));
  EXPECT_FALSE(is_http_url("https://x/a.tar.gz#frag"));
  EXPECT_FALSE(is_http_url("https://user:pw@x/a"));
  EXPECT_FALSE(is_http_url("https://x/a<b>"));
  EXPECT_FALSE(is_http_url("https://x/a\\b"));
  EXPECT_FALSE(is_http_url("https:///a.tar.gz"));
  EXPECT_FALSE(is_http_url("https://x/a%2"));
  EXPECT_FALSE(is_http_url("https://x/a%zz"));
  EXPECT_FALSE(is_http_url("https://x/\xc3\xa9"));
}

}  // namespace
}  // namespace snr::net
