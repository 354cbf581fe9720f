#include <catch2/catch.hpp>

#include "platform/origin_policy.hpp"

using kreds::platform::origin_allowed;

TEST_CASE("origin policy: without a list only the server's own origin is allowed", "[origin]") {
  CHECK(origin_allowed("http://127.0.0.1:8080", "127.0.0.1:8080", {}));
  CHECK(origin_allowed("https://Kreds.Example.dk", "kreds.example.dk", {}));
  CHECK_FALSE(origin_allowed("http://evil.example", "127.0.0.1:8080", {}));
  CHECK_FALSE(origin_allowed("http://127.0.0.1:9999", "127.0.0.1:8080", {}));
  CHECK_FALSE(origin_allowed("null", "127.0.0.1:8080", {}));
  CHECK_FALSE(origin_allowed("http://127.0.0.1:8080", "", {}));
}

TEST_CASE("origin policy: an explicit list is matched exactly", "[origin]") {
  const std::vector<std::string> allowed{"https://kreds.aarhus.dk"};
  CHECK(origin_allowed("https://kreds.aarhus.dk", "internal:8080", allowed));
  CHECK_FALSE(origin_allowed("http://kreds.aarhus.dk", "internal:8080", allowed));
  CHECK_FALSE(origin_allowed("https://kreds.aarhus.dk.evil", "internal:8080", allowed));
}

TEST_CASE("origin policy: clients that send no Origin are not browsers and are allowed", "[origin]") {
  CHECK(origin_allowed("", "127.0.0.1:8080", {}));
}
