// The hub: where features publish real-time events and sockets receive them.
//
// A topic is a string ("network:42", "account:7"). A subscriber (each
// WebSocket session) subscribes to the topics it may see; publish() hands
// one serialised payload, shared and immutable, to every subscriber of the
// topic — the bytes are never copied per receiver. deliver() is called on
// the publisher's thread and must only enqueue (sessions post to their own
// strand). Subscribers are held weakly, so a closed session never leaks.
// All members are thread-safe.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace kreds::platform {

using shared_payload = std::shared_ptr<const std::string>;

class subscriber {
 public:
  virtual ~subscriber() = default;
  virtual void deliver(shared_payload message) = 0;
};

class hub {
 public:
  void subscribe(const std::string& topic, const std::shared_ptr<subscriber>& who);
  void unsubscribe(const std::string& topic, const subscriber* who);
  // Returns how many subscribers the message was handed to.
  std::size_t publish(const std::string& topic, const shared_payload& message);
  std::size_t subscribers(const std::string& topic) const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::vector<std::weak_ptr<subscriber>>> topics_;
};

}  // namespace kreds::platform
