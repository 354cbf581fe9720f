#include <catch2/catch.hpp>

#include "platform/login_throttle.hpp"

using kreds::platform::login_throttle;
using namespace std::chrono_literals;

TEST_CASE("login throttle: an e-mail is locked after its failures and freed when they age out", "[throttle]") {
  login_throttle throttle(3, 100, std::chrono::minutes(15));
  const auto start = login_throttle::clock::now();
  for (int i = 0; i < 3; ++i) {
    CHECK(throttle.retry_after("a@b.dk", "10.0.0.1", start) == 0);
    throttle.record_failure("a@b.dk", "10.0.0.1", start + std::chrono::seconds(i));
  }
  const auto locked = throttle.retry_after("a@b.dk", "10.0.0.2", start + 10s);
  CHECK(locked > 0);
  CHECK(locked <= 15 * 60);
  CHECK(throttle.retry_after("other@b.dk", "10.0.0.2", start + 10s) == 0);
  CHECK(throttle.retry_after("a@b.dk", "10.0.0.2", start + 16min) == 0);
}

TEST_CASE("login throttle: an address is locked after its failures across e-mails", "[throttle]") {
  login_throttle throttle(100, 4, std::chrono::minutes(10));
  const auto now = login_throttle::clock::now();
  for (int i = 0; i < 4; ++i) throttle.record_failure("user" + std::to_string(i) + "@b.dk", "192.0.2.7", now);
  CHECK(throttle.retry_after("fresh@b.dk", "192.0.2.7", now) > 0);
  CHECK(throttle.retry_after("fresh@b.dk", "192.0.2.8", now) == 0);
}

TEST_CASE("login throttle: a success clears the e-mail's failures", "[throttle]") {
  login_throttle throttle(2, 100, std::chrono::minutes(10));
  const auto now = login_throttle::clock::now();
  throttle.record_failure("a@b.dk", "x", now);
  throttle.record_success("a@b.dk");
  throttle.record_failure("a@b.dk", "x", now);
  CHECK(throttle.retry_after("a@b.dk", "y", now) == 0);
}
