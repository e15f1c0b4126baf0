// The libcurl transport against a local HTTP server: what goes on the wire.

#include "net/curl_transport.h"

#include <condition_variable>
#include <fstream>
#include <mutex>
#include <regex>

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "support/local_server.h"
#include "support/temp_dir.h"

namespace snr::net {
namespace {

using snr::test::LocalServer;

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

TEST(CurlTransport, SignsWithSigV4IncludingOurHeaders) {
  LocalServer s;
  httplib::Request seen;
  s.server.Post("/", [&](const httplib::Request& req, httplib::Response& res) {
    seen = req;
    res.set_content("<ok/>", "text/xml");
  });
  s.start();
  CurlTransport t;
  HttpRequest req;
  req.method = "POST";
  req.url = s.url() + "/";
  req.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
                 {"X-Amz-Security-Token", "session-token"}};
  req.body = "Action=GetCallerIdentity&Version=2011-06-15";
  req.sigv4 = SigV4{"eu-west-1", "sts", "AKIDEXAMPLE", "secret"};
  HttpResponse r = t.send(req);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "<ok/>");
  EXPECT_EQ(r.header("Content-Type"), "text/xml");  // case-insensitive lookup
  EXPECT_EQ(seen.body, req.body);
  EXPECT_EQ(seen.get_header_value("X-Amz-Security-Token"), "session-token");
  std::string auth = seen.get_header_value("Authorization");
  // libcurl 7.88.1 signs every header we add (so the session token), sorted.
  std::regex expected(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/[0-9]{8}/eu-west-1/sts/aws4_request, "
      "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}");
  EXPECT_TRUE(std::regex_match(auth, expected)) << auth;
  EXPECT_TRUE(
      std::regex_match(seen.get_header_value("X-Amz-Date"), std::regex("[0-9]{8}T[0-9]{6}Z")));
  EXPECT_EQ(seen.get_header_value("User-Agent"), "snr/" SNR_VERSION);
}

TEST(CurlTransport, SendsNoAuthorizationWithoutSigV4) {
  LocalServer s;
  bool had_auth = true;
  s.server.Get("/x", [&](const httplib::Request& req, httplib::Response& res) {
    had_auth = req.has_header("Authorization");
    res.set_content("plain", "text/plain");
  });
  s.start();
  CurlTransport t;
  HttpRequest req;
  req.url = s.url() + "/x";
  EXPECT_EQ(t.send(req).body, "plain");
  EXPECT_FALSE(had_auth);
}

TEST(CurlTransport, ReusesTheConnection) {
  LocalServer s;
  std::vector<int> ports;
  s.server.Get("/k", [&](const httplib::Request& req, httplib::Response& res) {
    ports.push_back(req.remote_port);
    res.set_content("ok", "text/plain");
  });
  s.start();
  CurlTransport t;
  HttpRequest req;
  req.url = s.url() + "/k";
  t.send(req);
  t.send(req);
  t.send(req);
  ASSERT_EQ(ports.size(), 3u);
  EXPECT_EQ(ports[0], ports[1]);
  EXPECT_EQ(ports[1], ports[2]);
}

TEST(CurlTransport, MethodsAndBodies) {
  LocalServer s;
  std::vector<std::string> seen;
  auto record = [&](const httplib::Request& req, httplib::Response& res) {
    seen.push_back(req.method + " " + req.path + " " + req.body);
    res.set_header("ETag", "\"e\"");
    res.set_content("", "text/plain");
  };
  s.server.Put("/obj", record);
  s.server.Delete("/obj", record);
  s.server.Get("/obj", [&](const httplib::Request& req, httplib::Response& res) {
    seen.push_back(req.method + " " + req.path);
    res.set_header("ETag", "\"e\"");
    res.set_content("body-bytes", "application/octet-stream");
  });
  s.start();
  CurlTransport t;
  HttpRequest put;
  put.method = "PUT";
  put.url = s.url() + "/obj";
  put.body = std::string("bin\0ary", 7);
  EXPECT_EQ(t.send(put).status, 200);
  HttpRequest del;
  del.method = "DELETE";
  del.url = s.url() + "/obj";
  EXPECT_EQ(t.send(del).status, 200);
  HttpRequest head;
  head.method = "HEAD";
  head.url = s.url() + "/obj";
  HttpResponse h = t.send(head);
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.header("etag"), "\"e\"");
  EXPECT_TRUE(h.body.empty());
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0], std::string("PUT /obj bin\0ary", 16));
  EXPECT_EQ(seen[1], "DELETE /obj ");
  EXPECT_EQ(seen[2], "HEAD /obj");  // httplib serves HEAD through the GET handler
}

TEST(CurlTransport, StreamsUploadsFromAFile) {
  LocalServer s;
  std::string got;
  s.server.Put("/up", [&](const httplib::Request& req, httplib::Response& res) {
    got = req.body;
    res.set_content("", "text/plain");
  });
  s.start();
  snr::testing::TempDir dir;
  std::string data(1 << 20, 'u');
  data += "end";
  auto file = dir.write("up.bin", data);
  CurlTransport t;
  HttpRequest req;
  req.method = "PUT";
  req.url = s.url() + "/up";
  req.upload_file = file;
  EXPECT_EQ(t.send(req).status, 200);
  EXPECT_EQ(got, data);
}

TEST(CurlTransport, StreamsDownloadsToAFileOnlyOnSuccess) {
  LocalServer s;
  std::string data(300000, 'd');
  s.server.Get("/ok", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(data, "application/octet-stream");
  });
  s.server.Get("/missing", [&](const httplib::Request&, httplib::Response& res) {
    res.status = 404;
    res.set_content("<Error><Code>NoSuchKey</Code></Error>", "application/xml");
  });
  s.start();
  snr::testing::TempDir dir;
  CurlTransport t;
  HttpRequest req;
  req.url = s.url() + "/ok";
  req.download_file = dir.path() / "out.bin";
  HttpResponse r = t.send(req);
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(read_file(dir.path() / "out.bin"), data);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "out.bin.part"));

  req.url = s.url() + "/missing";
  req.download_file = dir.path() / "missing.bin";
  r = t.send(req);
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("NoSuchKey"), std::string::npos);  // errors stay in memory
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "missing.bin"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "missing.bin.part"));
}

TEST(CurlTransport, ConnectionRefusedIsARetryableTransportError) {
  // A port that was bound and closed again: nothing listens there now.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), len), 0);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  close(fd);
  CurlTransport t;
  HttpRequest req;
  req.url = "http://127.0.0.1:" + std::to_string(port) + "/?secret=x";
  try {
    t.send(req);
    FAIL();
  } catch (const TransportError& e) {
    EXPECT_TRUE(e.retryable());
    EXPECT_FALSE(e.timeout());
    EXPECT_EQ(std::string(e.what()).find("secret=x"), std::string::npos);  // no query in messages
  }
}

TEST(CurlTransport, SlowResponsesTimeOut) {
  LocalServer s;
  std::mutex m;
  std::condition_variable cv;
  bool release = false;
  s.server.Get("/slow", [&](const httplib::Request&, httplib::Response& res) {
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return release; });  // until the client has given up
    res.set_content("late", "text/plain");
  });
  s.start();
  CurlTransport t({std::chrono::seconds(2), std::chrono::milliseconds(200), {}});
  HttpRequest req;
  req.url = s.url() + "/slow";
  try {
    t.send(req);
    ADD_FAILURE() << "expected a timeout";
  } catch (const TransportError& e) {
    EXPECT_TRUE(e.timeout());
    EXPECT_TRUE(e.retryable());
  }
  {
    std::lock_guard lock(m);
    release = true;
  }
  cv.notify_all();
}

TEST(CurlTransport, FollowsRedirectsOnlyWhenAsked) {
  LocalServer s;
  s.server.Get("/old",
               [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/new"); });
  s.server.Get("/new", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("moved here", "text/plain");
  });
  s.start();
  CurlTransport t;
  HttpRequest req;
  req.url = s.url() + "/old";
  EXPECT_EQ(t.send(req).status, 302);
  req.follow_redirects = true;
  HttpResponse r = t.send(req);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "moved here");
}

TEST(CurlTransport, ABodyOverItsCapFailsNamingTheCap) {
  LocalServer s;
  s.server.Get("/big", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(4096, 'x'), "text/plain");
  });
  s.start();
  CurlTransport t;
  HttpRequest req;
  req.url = s.url() + "/big";
  req.max_body_bytes = 4096;
  EXPECT_EQ(t.send(req).body.size(), 4096u);  // exactly the cap is fine
  req.max_body_bytes = 1000;
  try {
    t.send(req);
    FAIL() << "a 4096-byte body passed a 1000-byte cap";
  } catch (const TransportError&) {
    FAIL() << "an oversized answer is not a transient network failure";
  } catch (const Failure& e) {
    EXPECT_NE(std::string(e.what()).find("larger than 1000 bytes"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace snr::net
