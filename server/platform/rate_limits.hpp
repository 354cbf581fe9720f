// Per-account rate limits: how many times one account may do something per
// minute, as a sliding window over the last minute. Two instances: the posts
// one account may make in its networks' chat and lead lists
// (limits.chat_messages_per_minute), and every WebSocket message it sends,
// of any type (limits.ws_messages_per_minute), which the message router
// applies before any handler runs. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <unordered_map>

namespace kreds::platform {

class per_minute_limit {
 public:
  explicit per_minute_limit(std::size_t per_minute) : per_minute_(per_minute) {}

  // Seconds to wait before the next post is allowed; 0 records the post.
  long try_post(std::int64_t account_id, std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now());

 private:
  std::size_t per_minute_;
  std::mutex mutex_;
  std::unordered_map<std::int64_t, std::deque<std::chrono::steady_clock::time_point>> posts_;
};

}  // namespace kreds::platform
