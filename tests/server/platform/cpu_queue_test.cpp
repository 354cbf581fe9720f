#include <catch2/catch.hpp>

#include <future>
#include <mutex>
#include <string>
#include <vector>

#include "platform/cpu_queue.hpp"

using kreds::platform::cpu_queue;

TEST_CASE("cpu queue: logins run before other waiting jobs", "[cpu_queue]") {
  cpu_queue queue(1, 100);
  std::promise<void> release;
  auto gate = release.get_future().share();
  std::mutex mutex;
  std::vector<std::string> order;
  auto record = [&](std::string name) {
    return [&, name] {
      std::lock_guard lock(mutex);
      order.push_back(name);
    };
  };
  REQUIRE(queue.try_post(cpu_queue::priority::other, [gate] { gate.wait(); }));  // holds the one thread
  REQUIRE(queue.try_post(cpu_queue::priority::other, record("accept-1")));
  REQUIRE(queue.try_post(cpu_queue::priority::other, record("accept-2")));
  REQUIRE(queue.try_post(cpu_queue::priority::login, record("login")));
  release.set_value();
  queue.stop();
  CHECK(order == std::vector<std::string>{"login", "accept-1", "accept-2"});
}

TEST_CASE("cpu queue: a job beyond max_waiting is refused at once, and after stop", "[cpu_queue]") {
  cpu_queue queue(1, 2);
  std::promise<void> release;
  auto gate = release.get_future().share();
  std::promise<void> started;
  REQUIRE(queue.try_post(cpu_queue::priority::other, [&started, gate] {
    started.set_value();
    gate.wait();
  }));
  started.get_future().wait();  // running, so no longer waiting
  CHECK(queue.try_post(cpu_queue::priority::other, [] {}));
  CHECK(queue.try_post(cpu_queue::priority::login, [] {}));
  CHECK(queue.waiting() == 2);
  CHECK_FALSE(queue.try_post(cpu_queue::priority::login, [] {}));
  release.set_value();
  queue.stop();
  CHECK(queue.waiting() == 0);
  CHECK_FALSE(queue.try_post(cpu_queue::priority::login, [] {}));
}
