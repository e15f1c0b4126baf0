#include "aws/encoding.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "util/error.h"

namespace snr::aws {
namespace {

TEST(UriEncode, KeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(uri_encode("AZaz09-_.~"), "AZaz09-_.~");
  EXPECT_EQ(uri_encode("a b+c/d=e&f*g%"), "a%20b%2Bc%2Fd%3De%26f%2Ag%25");
  EXPECT_EQ(uri_encode("ü"), "%C3%BC");
}

TEST(UriEncode, KeepsSlashForS3Keys) {
  EXPECT_EQ(uri_encode("dir/a b.txt", true), "dir/a%20b.txt");
}

TEST(FormEncode, MatchesPythonUrlencodeByteForByte) {
  // What urllib.parse.urlencode gives (moto rebuilds the body this way to
  // check the signature): space -> '+', '~' kept, '*' and '/' escaped.
  EXPECT_EQ(form_encode({{"Action", "DescribeStacks"}, {"StackName", "a b+c~d*e/f"}}),
            "Action=DescribeStacks&StackName=a+b%2Bc~d%2Ae%2Ff");
  EXPECT_EQ(form_encode({{"K", "line1\nline2 \"q\" ü&="}}), "K=line1%0Aline2+%22q%22+%C3%BC%26%3D");
  EXPECT_EQ(form_encode({}), "");
}

TEST(FormEncode, KeepsParameterOrder) {
  EXPECT_EQ(form_encode({{"b", "1"}, {"a", "2"}}), "b=1&a=2");
}

TEST(UriDecode, DecodesEscapesAndOptionallyPlus) {
  EXPECT_EQ(uri_decode("a+b%2Bc%20d", true), "a b+c d");
  EXPECT_EQ(uri_decode("a+b", false), "a+b");
  EXPECT_EQ(uri_decode("bad%zz%4", true), "bad%zz%4");
}

TEST(CanonicalQuery, SortsEncodesAndGivesEmptyValuesAnEqualsSign) {
  // curl 7.88.1 signs the query as sent, so we must send it canonical.
  EXPECT_EQ(canonical_query({{"prefix", "dir/a b"}, {"list-type", "2"}, {"versions", ""}}),
            "list-type=2&prefix=dir%2Fa%20b&versions=");
  EXPECT_EQ(canonical_query({{"b", "2"}, {"a", "2"}, {"a", "1"}}), "a=1&a=2&b=2");
}

TEST(Digests, KnownValues) {
  EXPECT_EQ(md5_base64(""), "1B2M2Y8AsgTpgAmY7PhCfg==");
  EXPECT_EQ(base64_encode("hello"), "aGVsbG8=");
}

TEST(RandomUuid, IsVersion4AndUnique) {
  std::string a = random_uuid(), b = random_uuid();
  ASSERT_EQ(a.size(), 36u);
  EXPECT_EQ(a[14], '4');
  EXPECT_NE(std::string("89ab").find(a[19]), std::string::npos);
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace snr::aws
