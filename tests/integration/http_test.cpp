#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "support/clients.hpp"
#include "support/test_server.hpp"

using namespace kreds::testing;

namespace {

void check_security_headers(const http_result& response) {
  CHECK_THAT(response.headers.at("content-security-policy"),
             Catch::Contains("frame-ancestors 'none'") && Catch::Contains("script-src 'self'"));
  CHECK_THAT(response.headers.at("content-security-policy"), !Catch::Contains("unsafe-inline"));
  CHECK(response.headers.at("x-content-type-options") == "nosniff");
  CHECK(response.headers.count("referrer-policy") == 1);
  CHECK(response.headers.count("x-request-id") == 1);
}

// The standard error body: {"error":{"status":..,"code":..,"message":..}}.
std::string error_code_of(const http_result& response) {
  boost::system::error_code ec;
  auto body = boost::json::parse(response.body, ec);
  REQUIRE_FALSE(ec);
  const auto& error = body.as_object().at("error").as_object();
  CHECK(error.at("status").as_int64() == response.status);
  CHECK(error.at("message").is_string());
  return std::string(error.at("code").as_string());
}

}  // namespace

TEST_CASE("http: a static file is served with its content type, caching and security headers", "[integration][http]") {
  test_server server;
  auto page = http_request(server.port(), "GET", "/");
  REQUIRE(page.status == 200);
  CHECK(page.body == "<!doctype html><title>Kreds</title>");
  CHECK(page.headers.at("content-type") == "text/html; charset=utf-8");
  CHECK(page.headers.at("cache-control") == "no-cache");
  check_security_headers(page);

  auto script = http_request(server.port(), "GET", "/app/app.js");
  REQUIRE(script.status == 200);
  CHECK(script.headers.at("content-type") == "text/javascript; charset=utf-8");
  CHECK_THAT(script.headers.at("cache-control"), Catch::StartsWith("public, max-age="));
  const auto etag = script.headers.at("etag");

  auto again = http_request(server.port(), "GET", "/app/app.js", {{"If-None-Match", etag}});
  CHECK(again.status == 304);
  CHECK(again.body.empty());

  auto head = http_request(server.port(), "HEAD", "/app/style.css");
  CHECK(head.status == 200);
  CHECK(head.headers.at("content-length") == "19");
}

TEST_CASE("http: traversal attempts are refused and never read outside the web root", "[integration][http]") {
  test_server server;
  for (const std::string target :
       {"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/..%2fsecret.txt", "/..%5Csecret.txt",
        "/%2fetc%2fpasswd", "/app/app.js%00.txt", "//etc/passwd", "/.hidden"}) {
    INFO(target);
    auto response = http_request(server.port(), "GET", target);
    CHECK((response.status == 400 || response.status == 404));
    CHECK(response.body.find("outside the web root") == std::string::npos);
    CHECK(response.body.find("hidden") == std::string::npos);
    check_security_headers(response);
  }
  // The web root holds more than the client (its npm manifest and packages): none of it is served.
  for (const std::string target : {"/package.json", "/node_modules/dkfds/package.json", "/node_modules/"}) {
    INFO(target);
    CHECK(http_request(server.port(), "GET", target).status == 404);
  }
  CHECK(http_request(server.port(), "GET", "/app/app.js").status == 200);
  // An absolute-form target is not an origin-form path.
  auto absolute = raw_exchange(server.port(),
                               "GET http://127.0.0.1/../secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK_THAT(absolute, Catch::StartsWith("HTTP/1.1 400"));
  CHECK(absolute.find("outside the web root") == std::string::npos);
}

TEST_CASE("http: an oversized request head gets 431", "[integration][http]") {
  test_server server({"limits.http_max_header_bytes=2048"});
  auto response = http_request(server.port(), "GET", "/", {{"X-Filler", std::string(4096, 'a')}});
  CHECK(response.status == 431);
  CHECK(error_code_of(response) == "headers_too_large");
}

TEST_CASE("http: the head limit counts the whole head, not each line - many short headers get 431",
          "[integration][http]") {
  test_server server;  // limits.http_max_header_bytes = 8 KB
  std::string head = "GET /api/v1/version HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (int i = 0; i < 1000; ++i) head += "X-H" + std::to_string(i) + ": v\r\n";  // about 11 KB in all
  head += "Connection: close\r\n\r\n";
  REQUIRE(head.size() > 10 * 1024);
  CHECK_THAT(raw_exchange(server.port(), head), Catch::StartsWith("HTTP/1.1 431"));
  // A normal request on a new connection is still served.
  CHECK(http_request(server.port(), "GET", "/api/v1/version").status == 200);
}

TEST_CASE("http: an oversized body gets 413 without being read", "[integration][http]") {
  test_server server({"limits.http_max_body_bytes=1024"});
  auto response = http_request(server.port(), "POST", "/api/v1/version", {{"Content-Type", "application/json"}},
                               std::string(4096, 'x'));
  CHECK(response.status == 413);
  CHECK(error_code_of(response) == "payload_too_large");
}

TEST_CASE("http: a request that is not finished in time gets 408", "[integration][http]") {
  test_server server({"limits.http_request_timeout_seconds=1"});
  auto reply = raw_exchange(server.port(), "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n", std::chrono::seconds(5));
  CHECK_THAT(reply, Catch::StartsWith("HTTP/1.1 408"));
  CHECK_THAT(reply, Catch::Contains("request_timeout"));
}

TEST_CASE("http: a malformed request gets 400", "[integration][http]") {
  test_server server;
  auto reply = raw_exchange(server.port(), "BLAH\r\n\r\n");
  CHECK_THAT(reply, Catch::StartsWith("HTTP/1.1 400"));
}

TEST_CASE("http: API errors share one shape - unknown routes 404, wrong methods 405", "[integration][http]") {
  test_server server;
  auto version = http_request(server.port(), "GET", "/api/v1/version");
  REQUIRE(version.status == 200);
  CHECK(version.headers.at("content-type") == "application/json");
  check_security_headers(version);

  auto missing = http_request(server.port(), "GET", "/api/v1/nothing-here");
  CHECK(missing.status == 404);
  CHECK(error_code_of(missing) == "not_found");

  auto wrong = http_request(server.port(), "DELETE", "/api/v1/version");
  CHECK(wrong.status == 405);
  CHECK(error_code_of(wrong) == "method_not_allowed");

  auto post_static = http_request(server.port(), "POST", "/index.html", {}, "x");
  CHECK(post_static.status == 405);
}

TEST_CASE("http: health, readiness and metrics answer", "[integration][http]") {
  test_server server;
  auto health = http_request(server.port(), "GET", "/healthz");
  CHECK(health.status == 200);
  auto ready = http_request(server.port(), "GET", "/readyz");
  CHECK(ready.status == 200);
  CHECK_THAT(ready.body, Catch::Contains("\"schema_version\""));
  // Metrics are on their own listener (loopback), not on the public port; it serves nothing else.
  CHECK(http_request(server.port(), "GET", "/metrics").status == 404);
  CHECK(http_request(server.metrics_port(), "GET", "/healthz").status == 404);
  CHECK(http_request(server.metrics_port(), "GET", "/index.html").status == 404);
  CHECK(http_request(server.metrics_port(), "POST", "/metrics", {}, "x").status == 405);
  {
    // Nor does it open WebSockets, whatever the session.
    server.add_account("751", kreds::platform::role::seeker, "m@a.dk", "seeker-password-1");
    ws_client socket;
    CHECK(socket.connect(server.metrics_port(), login(server.port(), "m@a.dk", "seeker-password-1")) == 404);
  }
  auto metrics = http_request(server.metrics_port(), "GET", "/metrics");
  REQUIRE(metrics.status == 200);
  CHECK_THAT(metrics.headers.at("content-type"), Catch::StartsWith("text/plain; version=0.0.4"));
  for (const auto* name : {"kreds_open_connections", "kreds_http_requests_total{route=\"readyz\",status=\"200\"}",
                           "kreds_http_request_duration_seconds_bucket", "kreds_websocket_messages_total",
                           "kreds_storage_commit_duration_seconds", "kreds_storage_commit_batch_size"}) {
    INFO(name);
    CHECK(metrics.body.find(name) != std::string::npos);
  }
}

TEST_CASE("http: a metrics port already in use stops start-up naming metrics.port", "[integration][http]") {
  test_server first;
  try {
    test_server second({"metrics.port=" + std::to_string(first.metrics_port())});
    FAIL("the second server started on a metrics port in use");
  } catch (const std::runtime_error& refused) {
    CHECK_THAT(refused.what(), Catch::Contains("metrics.port") && Catch::Contains("another program uses the port"));
  }
  // The first still serves its metrics.
  CHECK(http_request(first.metrics_port(), "GET", "/metrics").status == 200);
}

TEST_CASE("http: keep-alive serves several requests on one connection", "[integration][http]") {
  test_server server;
  auto reply = raw_exchange(server.port(),
                            "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n"
                            "Connection: close\r\n\r\n");
  std::size_t count = 0;
  for (auto at = reply.find("HTTP/1.1 200"); at != std::string::npos; at = reply.find("HTTP/1.1 200", at + 1)) ++count;
  CHECK(count == 2);
}

TEST_CASE("http: a request with both Transfer-Encoding and Content-Length gets 400 and the connection closes",
          "[integration][http]") {
  test_server server;
  // The bytes after the body would be a second request if the first were framed by its length.
  const std::string smuggled = "GET /api/v1/version HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  for (const std::string coding : {"gzip", "identity", "xchunked", "chunked, identity", "chunked"}) {
    INFO("Transfer-Encoding: " << coding);
    auto reply =
        raw_exchange(server.port(), "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: " + coding +
                                        "\r\nContent-Length: 5\r\n\r\n0\r\n\r\n" + smuggled);
    CHECK_THAT(reply, Catch::StartsWith("HTTP/1.1 400"));
    CHECK(reply.find("HTTP/1.1", 8) == std::string::npos);  // one answer only: the rest was not read as a request
  }
  auto not_chunked = raw_exchange(server.port(),
                                  "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                  "Transfer-Encoding: gzip\r\n\r\n" +
                                      smuggled);
  CHECK_THAT(not_chunked, Catch::StartsWith("HTTP/1.1 400"));
  CHECK(not_chunked.find("HTTP/1.1", 8) == std::string::npos);
  CHECK(http_request(server.port(), "GET", "/api/v1/version").status == 200);  // the server is fine
}
