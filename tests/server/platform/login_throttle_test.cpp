#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "platform/login_throttle.hpp"

using kreds::platform::login_throttle;
using namespace std::chrono_literals;

TEST_CASE("login throttle: an e-mail is locked after its failures and freed when they age out", "[throttle]") {
  login_throttle throttle(3, 100, std::chrono::minutes(15));
  const auto start = login_throttle::clock::now();
  for (int i = 0; i < 3; ++i)
    CHECK(throttle.begin("a@b.dk", "10.0.0.1", start + std::chrono::seconds(i)).retry_after == 0);
  const auto locked = throttle.begin("a@b.dk", "10.0.0.2", start + 10s).retry_after;
  CHECK(locked > 0);
  CHECK(locked <= 15 * 60);
  CHECK(throttle.begin("other@b.dk", "10.0.0.2", start + 10s).retry_after == 0);
  CHECK(throttle.begin("a@b.dk", "10.0.0.2", start + 16min).retry_after == 0);
}

TEST_CASE("login throttle: an address is locked after its failures across e-mails", "[throttle]") {
  login_throttle throttle(100, 4, std::chrono::minutes(10));
  const auto now = login_throttle::clock::now();
  for (int i = 0; i < 4; ++i)
    CHECK(throttle.begin("user" + std::to_string(i) + "@b.dk", "192.0.2.7", now).retry_after == 0);
  CHECK(throttle.begin("fresh@b.dk", "192.0.2.7", now).retry_after > 0);
  CHECK(throttle.begin("fresh@b.dk", "192.0.2.8", now).retry_after == 0);
}

TEST_CASE("login throttle: a success clears the e-mail's failures and takes its own reservation back", "[throttle]") {
  login_throttle throttle(2, 2, std::chrono::minutes(10));
  const auto now = login_throttle::clock::now();
  CHECK(throttle.begin("a@b.dk", "x", now).retry_after == 0);  // a failure
  const auto right = throttle.begin("a@b.dk", "x", now + 1s);
  REQUIRE(right.retry_after == 0);
  throttle.succeeded("a@b.dk", "x", right);
  // The e-mail starts again; the address keeps the one real failure only.
  CHECK(throttle.begin("a@b.dk", "y", now + 2s).retry_after == 0);
  CHECK(throttle.begin("b@b.dk", "x", now + 3s).retry_after == 0);
  CHECK(throttle.begin("c@b.dk", "x", now + 4s).retry_after > 0);
}

TEST_CASE("login throttle: concurrent attempts cannot outrun the count", "[throttle]") {
  login_throttle throttle(5, 1000, std::chrono::minutes(15));
  std::atomic<int> allowed{0};
  std::vector<std::thread> guessers;
  for (int i = 0; i < 40; ++i) {
    guessers.emplace_back([&] {
      if (throttle.begin("victim@b.dk", "203.0.113.9").retry_after == 0) ++allowed;
    });
  }
  for (auto& guesser : guessers) guesser.join();
  CHECK(allowed == 5);
}
