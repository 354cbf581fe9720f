#include <catch2/catch.hpp>

#include <vector>

#include "platform/hub.hpp"

using namespace kreds;
using namespace kreds::platform;

namespace {

struct recorder final : subscriber {
  std::vector<shared_payload> received;
  void deliver(shared_payload message) override { received.push_back(std::move(message)); }
};

}  // namespace

TEST_CASE("hub: every subscriber of a topic receives the one shared payload", "[hub]") {
  hub topics;
  auto a = std::make_shared<recorder>();
  auto b = std::make_shared<recorder>();
  auto other = std::make_shared<recorder>();
  topics.subscribe("network:1", a);
  topics.subscribe("network:1", b);
  topics.subscribe("network:2", other);
  auto message = std::make_shared<const std::string>("hello");
  CHECK(topics.publish("network:1", message) == 2);
  REQUIRE(a->received.size() == 1);
  REQUIRE(b->received.size() == 1);
  CHECK(a->received[0].get() == message.get());  // the same bytes, not a copy
  CHECK(b->received[0].get() == message.get());
  CHECK(other->received.empty());
}

TEST_CASE("hub: subscribing twice delivers once", "[hub]") {
  hub topics;
  auto a = std::make_shared<recorder>();
  topics.subscribe("t", a);
  topics.subscribe("t", a);
  CHECK(topics.publish("t", std::make_shared<const std::string>("x")) == 1);
}

TEST_CASE("hub: unsubscribed and destroyed subscribers receive nothing", "[hub]") {
  hub topics;
  auto a = std::make_shared<recorder>();
  auto b = std::make_shared<recorder>();
  topics.subscribe("t", a);
  topics.subscribe("t", b);
  topics.unsubscribe("t", a.get());
  b.reset();
  CHECK(topics.publish("t", std::make_shared<const std::string>("x")) == 0);
  CHECK(a->received.empty());
  CHECK(topics.subscribers("t") == 0);
  CHECK(topics.publish("nobody", std::make_shared<const std::string>("x")) == 0);
}
