// trusted_proxies: X-Forwarded-For is believed only from a trusted proxy, and
// read from the right so a client cannot put its own address first.
#include <boost/asio/ip/address.hpp>

#include <catch2/catch.hpp>

#include "platform/client_address.hpp"

using kreds::platform::trusted_proxies;
namespace ip = boost::asio::ip;

namespace {
ip::address addr(const char* text) { return ip::make_address(text); }
}  // namespace

TEST_CASE("client address: without trusted proxies the header is ignored", "[unit][client_address]") {
  const trusted_proxies none;
  CHECK(none.client_address(addr("127.0.0.1"), "203.0.113.7") == "127.0.0.1");
}

TEST_CASE("client address: a trusted proxy's header names the client, read from the right", "[unit][client_address]") {
  auto proxies = trusted_proxies::parse({"127.0.0.1", "10.0.0.0/8", "fd00::/8"});
  REQUIRE(proxies);
  CHECK(proxies->client_address(addr("127.0.0.1"), "203.0.113.7") == "203.0.113.7");
  // A client that sends its own X-Forwarded-For gets it appended to: the
  // right-most untrusted entry is the one the proxy saw.
  CHECK(proxies->client_address(addr("127.0.0.1"), "1.2.3.4, 203.0.113.7") == "203.0.113.7");
  // Hops through further trusted proxies are skipped.
  CHECK(proxies->client_address(addr("10.1.2.3"), "198.51.100.9, 10.0.0.7") == "198.51.100.9");
  CHECK(proxies->client_address(addr("fd12::1"), "2001:db8::5") == "2001:db8::5");
  // An IPv4 peer seen as ::ffff:127.0.0.1 is the same proxy.
  CHECK(proxies->client_address(addr("::ffff:127.0.0.1"), "203.0.113.7") == "203.0.113.7");
  // No header, or only trusted hops: the last trusted address.
  CHECK(proxies->client_address(addr("127.0.0.1"), "") == "127.0.0.1");
  CHECK(proxies->client_address(addr("127.0.0.1"), "10.0.0.9") == "10.0.0.9");
  // A malformed entry stops the walk: nothing further left is believed.
  CHECK(proxies->client_address(addr("127.0.0.1"), "203.0.113.7, not-an-address") == "127.0.0.1");
  // An untrusted peer's header is ignored.
  CHECK(proxies->client_address(addr("192.0.2.1"), "127.0.0.1") == "192.0.2.1");
}

TEST_CASE("client address: entries that are not addresses or networks are refused", "[unit][client_address]") {
  for (const char* bad : {"", "localhost", "10.0.0.0/33", "10.0.0.1/8x", "::1/129", "1.2.3"}) {
    INFO(bad);
    CHECK_FALSE(trusted_proxies::check_entry(bad).empty());
    CHECK_FALSE(trusted_proxies::parse({bad}));
  }
  CHECK(trusted_proxies::check_entry("10.0.0.0/8").empty());
  CHECK(trusted_proxies::check_entry("::1").empty());
}
